import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import type { Box } from "../src/layout/layoutCluster";
import { layoutTraffic } from "../src/layout/layoutTraffic";
import { trafficEdges } from "../src/layout/trafficEdges";

const scenario = (name: string) => {
  const path = `public/scenarios/${name}.yaml`;
  return analyze([{ name: path, text: readFileSync(path, "utf8") }]).cluster;
};
const centreX = (b: Box) => b.x + b.width / 2;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("the Traffic view", () => {
  it.each([
    { scenario: "services-loadbalancer", route: [] },
    { scenario: "ingress-fanout", route: ["ingress-nginx-controller", "service-python"] },
    { scenario: "istio-bookinfo", route: ["istio-ingressgateway", "productpage"] },
  ])(
    "$scenario: client -> load balancer -> routes -> Services -> pods, left to right",
    ({ scenario: name, route }) => {
      const cluster = scenario(name);
      const edges = trafficEdges(cluster);
      const { boxes } = layoutTraffic(cluster, edges);
      const byId = new Map(boxes.map((b) => [b.id as string, b]));
      // Every edge points right: traffic flows one way across the picture.
      for (const e of edges) {
        const [from, to] = [byId.get(e.source), byId.get(e.target)];
        if (from && to) expect(centreX(to), e.id).toBeGreaterThan(centreX(from));
      }
      // No two objects are drawn on top of each other.
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
      // Services nothing routes to still line up with the others.
      const services = boxes.filter((b) => b.kind === "Service" && !edges.some((e) => e.target === b.id));
      const routed = boxes.filter(
        (b) => b.kind === "Service" && edges.some((e) => e.kind === "route" && e.target === b.id),
      );
      for (const s of services) for (const r of routed) expect(s.x).toBeGreaterThanOrEqual(r.x - 1);
      if (route.length === 2) {
        const [from, to] = route;
        expect(
          edges.some(
            (e) => e.kind === "route" && e.source.includes(from ?? "") && e.target.includes(`/${to}`),
          ),
        ).toBe(true);
      }
    },
  );

  it("is the same picture for the same cluster", () => {
    const cluster = scenario("istio-bookinfo");
    expect(layoutTraffic(cluster, trafficEdges(cluster))).toEqual(
      layoutTraffic(cluster, trafficEdges(cluster)),
    );
  });
});
