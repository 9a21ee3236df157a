import { describe, expect, it } from "vitest";
import { analyze } from "../engine/analyze";
import type { Box } from "./layoutCluster";
import { layoutCluster } from "./layoutCluster";

const cluster = (text: string) => analyze([{ name: "test.yaml", text }]).cluster;

const NODES = ["node-a", "node-b"]
  .map((n) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${n}}`)
  .join("\n---\n");
const pod = (name: string, node: string, app = "web") =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {app: ${app}}}\n` +
  `spec: {nodeName: ${node}, containers: [{name: c, image: c}]}`;
const service = (name: string, type: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {type: ${type}, selector: {app: web}, ports: [{port: 80}]}`;
const yaml = (...docs: string[]) => [NODES, ...docs].join("\n---\n");

const inside = (child: Box, parent: Box) =>
  child.x >= parent.x &&
  child.y >= parent.y &&
  child.x + child.width <= parent.x + parent.width &&
  child.y + child.height <= parent.y + parent.height;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("layoutCluster", () => {
  it.each([
    {
      case: "LoadBalancer: client | load balancer | Service | nodes",
      text: yaml(pod("web-1", "node-a"), service("web", "LoadBalancer")),
      columns: ["Client", "LoadBalancer", "Service", "Node"],
    },
    {
      case: "ClusterIP: no empty load balancer column",
      text: yaml(pod("web-1", "node-a"), service("web", "ClusterIP")),
      columns: ["Client", "Service", "Node"],
    },
    {
      case: "no Services: client | nodes",
      text: yaml(pod("web-1", "node-a")),
      columns: ["Client", "Node"],
    },
  ])("$case", ({ text, columns }) => {
    const { boxes } = layoutCluster(cluster(text));
    const topLevel = boxes.filter((b) => b.parentId === null);
    const kindsByX = [...new Set(topLevel.sort((a, b) => a.x - b.x).map((b) => b.kind))];
    expect(kindsByX).toEqual(columns);
  });

  it.each([
    { case: "one pod per node", pods: [pod("a", "node-a"), pod("b", "node-b")] },
    { case: "five pods on one node", pods: ["p1", "p2", "p3", "p4", "p5"].map((p) => pod(p, "node-a")) },
  ])("puts pods inside their node without overlap: $case", ({ pods }) => {
    const { boxes } = layoutCluster(cluster(yaml(...pods, service("web", "ClusterIP"))));
    const byId = new Map(boxes.map((b) => [b.id, b]));
    const podBoxes = boxes.filter((b) => b.kind === "Pod");
    expect(podBoxes).toHaveLength(pods.length);
    for (const p of podBoxes) {
      const parent = byId.get(p.parentId ?? ("" as Box["id"]));
      expect(parent?.kind).toBe("Node");
      expect(boxes.indexOf(parent as Box)).toBeLessThan(boxes.indexOf(p));
      expect(inside(p, parent as Box)).toBe(true);
    }
    const pairs = (list: Box[]) => list.flatMap((a, i) => list.slice(i + 1).map((b) => [a, b] as const));
    expect(pairs(podBoxes).filter(([a, b]) => overlap(a, b))).toEqual([]);
    expect(pairs(boxes.filter((b) => b.parentId === null)).filter(([a, b]) => overlap(a, b))).toEqual([]);
  });

  it("is deterministic and ignores manifest order of pods", () => {
    const one = layoutCluster(cluster(yaml(pod("b", "node-a"), pod("a", "node-a"))));
    const two = layoutCluster(cluster(yaml(pod("a", "node-a"), pod("b", "node-a"))));
    expect(one).toEqual(two);
    expect(one.boxes.filter((b) => b.kind === "Pod").map((b) => b.name)).toEqual(["a", "b"]);
  });

  it("reports a canvas size that holds every box", () => {
    const layout = layoutCluster(cluster(yaml(pod("a", "node-a"), service("web", "LoadBalancer"))));
    for (const b of layout.boxes) {
      expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
      expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
      expect(Math.min(b.x, b.y)).toBeGreaterThanOrEqual(0);
    }
  });
});
