import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import { routeRequest } from "../src/engine/trace";
import { defaultRequest } from "../src/state/defaultRequest";

/** The gallery scenarios, as a trainer would walk through them. */
const load = (file: string) =>
  analyze([{ name: file, text: readFileSync(`public/scenarios/${file}`, "utf8") }]);

describe("Ingress gallery scenarios", () => {
  it.each([
    ["ingress-fanout.yaml", "http://example.com/folder", { workload: "nginx", path: "/folder" }],
    ["ingress-fanout.yaml", "http://example.com/folder/x", { workload: "nginx", path: "/folder/x" }],
    ["ingress-fanout.yaml", "http://anything/other", { workload: "python", path: "/other" }],
    ["ingress-fanout.yaml", "http://example.com/folderx", { status: 404 }],
    ["ingress-fanout.yaml", "http://example.com/", { status: 404 }],
    ["ingress-virtual-hosts.yaml", "http://first.bar.com/", { workload: "first" }],
    ["ingress-virtual-hosts.yaml", "http://second.bar.com/a", { workload: "second" }],
    ["ingress-virtual-hosts.yaml", "http://third.bar.com/", { workload: "other" }],
    ["ingress-two-namespaces.yaml", "http://shop.example.com/cart", { namespace: "shop", workload: "cart" }],
    [
      "ingress-two-namespaces.yaml",
      "http://shop.example.com/blog/1",
      { namespace: "blog", workload: "posts" },
    ],
    ["ingress-two-namespaces.yaml", "http://shop.example.com/", { status: 404 }],
    ["ingress-tls.yaml", "https://secure.example.com/", { workload: "web" }],
    ["ingress-tls.yaml", "http://secure.example.com/x", { status: 308 }],
  ])("%s: %s", (file, url, expected) => {
    const analysis = load(file);
    expect(analysis.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const trace = routeRequest(analysis, { url });
    if ("status" in expected) {
      expect(trace.outcome).toMatchObject({ delivered: false, status: expected.status });
      return;
    }
    expect(trace.outcome.delivered).toBe(true);
    expect(trace.destination).toMatchObject(expected);
    expect(trace.hops.map((h) => h.kind)).toContain("ingress-controller");
  });

  it("names the TLS Secret where nginx terminates HTTPS", () => {
    const trace = routeRequest(load("ingress-tls.yaml"), { url: "https://secure.example.com/" });
    const hop = trace.hops.find((h) => h.kind === "ingress-controller");
    expect(hop?.explanation).toContain("nginx terminates TLS with Secret default/secure-tls");
  });

  it.each([
    ["ingress-fanout.yaml", "http://example.com/folder"],
    ["ingress-virtual-hosts.yaml", "http://first.bar.com/"],
    ["ingress-tls.yaml", "https://secure.example.com/"],
    ["istio-bookinfo.yaml", "http://example.com/productpage"],
  ])("%s opens with a request through the controller: %s", (file, url) => {
    expect(defaultRequest(load(file).cluster)).toEqual({ from: "external", url });
  });
});

describe("Istio gallery scenario: Bookinfo", () => {
  const bookinfo = load("istio-bookinfo.yaml");
  const toReviews = (headers: Record<string, string>) =>
    routeRequest(bookinfo, { from: "default/productpage-v1", url: "http://reviews:9080/reviews/0", headers });

  it("loads without warnings", () => {
    expect(bookinfo.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it.each([
    [{ "end-user": "jason" }, "reviews-v2"],
    [{ "end-user": "alice" }, "reviews-v1"],
    [{}, "reviews-v1"],
  ])("headers %j reach %s through both sidecars", (headers, workload) => {
    const trace = toReviews(headers);
    expect(trace.destination?.workload).toBe(workload);
    expect(trace.hops.filter((h) => h.kind === "sidecar")).toHaveLength(2);
    expect(trace.hops.map((h) => h.kind)).not.toContain("kube-proxy");
  });

  it("sends /productpage from outside through the ingress gateway", () => {
    const trace = routeRequest(bookinfo, { url: "http://example.com/productpage" });
    expect(trace.hops.map((h) => h.kind)).toContain("gateway");
    expect(trace.destination?.workload).toBe("productpage-v1");
  });
});
