import { describe, expect, it } from "vitest";
import { sendTraffic } from "../src/simulation/traffic";
import { analyzeYaml } from "./helpers";

const pod = (namespace: string, name: string, labels: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: {${labels}}}
spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}]}]}`;

const PODS = [
  pod("default", "shop-web", "tier: web, app: shop"),
  pod("default", "blog-web", "tier: web, app: blog"),
  pod("default", "shop-db", "tier: db, app: shop"),
  pod("prod", "prod-web", "tier: web, app: shop"),
].join("\n---\n");

function selected(namespace: string, selector: string): string[] {
  const service = `apiVersion: v1
kind: Service
metadata: {name: s, namespace: ${namespace}}
spec: {selector: {${selector}}, ports: [{port: 80, targetPort: 8080}]}`;
  const analysis = analyzeYaml(`${PODS}\n---\n${service}`);
  const endpoints = analysis.cluster.endpoints[`${namespace}/Service/s`]?.[0]?.endpoints ?? [];
  return endpoints.map((e) => e.podKey?.split("/")[2] ?? e.ip).sort();
}

/** Selection goes through an index by label (buildEndpoints.ts); what it selects must not change. */
describe("Service selectors", () => {
  it.each([
    ["every label must match, the common one first", "default", "tier: web, app: shop", ["shop-web"]],
    ["every label must match, the rare one first", "default", "app: shop, tier: web", ["shop-web"]],
    ["one label", "default", "app: shop", ["shop-db", "shop-web"]],
    ["only pods of the Service's namespace", "prod", "tier: web", ["prod-web"]],
    [
      "an empty selector selects every pod of the namespace",
      "default",
      "",
      ["blog-web", "shop-db", "shop-web"],
    ],
    ["a value no pod carries", "default", "app: shop, tier: cache", []],
    ["a label no pod carries", "default", "team: a", []],
  ])("%s", (_name, namespace, selector, pods) => {
    expect(selected(namespace, selector)).toEqual(pods);
  });

  it("names the first pod, in manifest order, that the selector matches in another namespace", () => {
    const service =
      "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: staging}\nspec: {selector: {tier: web}, ports: [{port: 80}]}";
    const analysis = analyzeYaml(`${PODS}\n---\n${service}`);
    expect(analysis.diagnostics.find((d) => d.code === "selector-other-namespace")?.message).toContain(
      "(e.g. shop-web)",
    );
  });
});

describe("sendTraffic", () => {
  it("sends nothing, and so fails on nothing, when asked for no requests", () => {
    const analysis = analyzeYaml(PODS);
    expect(sendTraffic(analysis, { url: "ftp://nowhere/" }, 0)).toEqual({
      count: 0,
      outcomes: {},
      destinations: [],
    });
    expect(() => sendTraffic(analysis, { url: "ftp://nowhere/" }, 1)).toThrow(/Only http/);
  });
});
