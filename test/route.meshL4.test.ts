/**
 * Envoy where a request is not routed by HTTP routes alone: TCP and TLS routes on ports that are
 * not HTTP, headless Services behind the client's sidecar, and sourceLabels at a gateway.
 */
import { describe, expect, it } from "vitest";
import { routeRequest } from "../src/engine/trace";
import { sendTraffic } from "../src/simulation/traffic";
import { analyzeYaml } from "./helpers";
import { shareTolerance } from "./istioHarness";
import { base, serviceHop, trace, vs, web } from "./meshFixtures";

describe("Envoy: TCP and TLS routes on ports that are not HTTP", () => {
  const db = (version: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db-${version}}
spec:
  selector: {matchLabels: {app: db, version: ${version}}}
  template:
    metadata: {labels: {app: db, version: ${version}}}
    spec: {containers: [{name: db, image: redis, ports: [{containerPort: 6379}]}]}
`;
  const DB = (port = "tcp-redis", clusterIP = "") => `apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
${db("v1")}${db("v2")}---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {${clusterIP}selector: {app: db}, ports: [{name: ${port}, port: 6379}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {containers: [{name: c, image: curl}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: db}
spec:
  host: db
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db}
spec:
  hosts: [db]
`;
  const WEIGHTED =
    "  - {destination: {host: db, subset: v1}, weight: 80}\n  - {destination: {host: db, subset: v2}, weight: 20}";
  const tcp = (match: string, route = WEIGHTED) =>
    `  tcp:\n  - ${match}\n    route:\n${route.replace(/^ {2}/gm, "    ")}\n`;
  const send = (yaml: string, url = "http://db:6379/") =>
    routeRequest(analyzeYaml(yaml), { url, from: "default/client" });

  it("splits by the tcp route's weights and subsets, and names the route", () => {
    const yaml = DB() + tcp("match: [{port: 6379}]");
    const run = sendTraffic(analyzeYaml(yaml), { url: "http://db:6379/", from: "default/client" }, 1000, 7);
    const v1 = (run.destinations.find((d) => d.labels.version === "v1")?.count ?? 0) / run.count;
    expect(run.outcomes).toEqual({ 200: 1000 });
    expect(Math.abs(v1 - 0.8)).toBeLessThanOrEqual(shareTolerance(0.8, run.count));
    expect(serviceHop(send(yaml), "db")?.explanation).toContain(
      "tcp route 1 of VirtualService db: match 1 (port 6379) holds",
    );
  });

  it.each([
    ["a match for another port", "match: [{port: 7000}]"],
    ["a match for other clients", "match: [{sourceLabels: {app: other}}]"],
    // Envoy picks the most specific address: the Service's own /32 chain beats a /8.
    ["destinationSubnets wider than the Service address", "match: [{destinationSubnets: [10.0.0.0/8]}]"],
  ])("takes the default route for %s", (_case, match) => {
    const t = send(DB() + tcp(match));
    expect(serviceHop(t, "db")?.explanation).toContain(
      "no tcp route of a VirtualService for db.default.svc.cluster.local takes this connection (port tcp-redis is not HTTP, so only tcp routes apply): the default route to all its endpoints",
    );
    expect(t.outcome.reason).toBe("delivered");
  });

  it("takes a route whose destinationSubnets are exactly the Service address", () => {
    const t = send(
      DB("tcp-redis", "clusterIP: 10.96.0.50, ") +
        tcp("match: [{destinationSubnets: [10.96.0.50/32]}]", "  - destination: {host: db, subset: v2}"),
    );
    expect(t.destination?.labels.version).toBe("v2");
  });

  it("closes the connection (no status) for a subset no DestinationRule defines", () => {
    const t = send(DB() + tcp("match: [{port: 6379}]", "  - destination: {host: db, subset: v9}"));
    expect(t.outcome).toMatchObject({ reason: "no-cluster", status: null });
    expect(serviceHop(t, "db")?.explanation).toContain("Envoy closes the connection (NC)");
  });

  it("makes one connect attempt as a TCP proxy", () => {
    const yaml = DB().replace(
      /ports: \[\{name: tcp-redis, port: 6379\}\]/,
      "ports: [{name: tcp-redis, port: 6379, targetPort: 6380}]",
    );
    const t = send(yaml + tcp("match: [{port: 6379}]"));
    expect(t.outcome).toMatchObject({ reason: "connection-refused", status: null });
    expect(serviceHop(t, "db")?.explanation).toContain("tcp_proxy makes one connect attempt");
  });

  it.each([
    ["the SNI a tls route names", "https://db:6379/", "match: [{sniHosts: [db], port: 6379}]", "v2"],
    [
      "an SNI no tls route names (no filter chain)",
      "https://db:6379/",
      "match: [{sniHosts: [other.example.com]}]",
      null,
    ],
    ["a plaintext connection (no SNI)", "http://db:6379/", "match: [{sniHosts: [db]}]", null],
  ])("on a TLS port, routes %s", (_case, url, match, version) => {
    const tls = `  tls:\n  - ${match}\n    route: [{destination: {host: db, subset: v2}}]\n`;
    const t = send(DB("tls-redis") + tls, url);
    if (version) expect(t.destination?.labels.version).toBe(version);
    else expect(t.outcome).toMatchObject({ reason: "dropped", status: null });
  });
});

describe("Envoy: a headless Service behind the client's sidecar", () => {
  const HEADLESS = base(web("v1") + web("v2"), "[{name: http, port: 8080}]").replace(
    "spec: {selector: {app: web}",
    "spec: {clusterIP: None, selector: {app: web}",
  );
  const STRICT = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default}
spec: {mtls: {mode: STRICT}}
`;
  const url = "http://web:8080/";

  it("forwards to the pod IP DNS gave (ORIGINAL_DST), over mTLS, from the client's sidecar", () => {
    const t = trace(HEADLESS, {}, url);
    const kinds = t.hops.map((h) => h.kind).filter((k) => k !== "node");
    expect(kinds).toEqual(["client", "dns", "sidecar", "service", "pod", "sidecar", "container"]);
    const picked = /the client connects to ([\d.]+)/.exec(t.hops[1]?.explanation ?? "")?.[1];
    expect(serviceHop(t)?.explanation).toContain(
      `is ORIGINAL_DST (a headless Service): Envoy does no load balancing and keeps the address the client resolved, ${picked}:8080`,
    );
    expect(t.hops.find((h) => h.kind === "pod")?.address).toBe(`${picked}:8080`);
    expect(t.hops.findLast((h) => h.kind === "sidecar")?.explanation).toContain("mTLS");
  });

  it.each([
    ["a client with a sidecar (auto mTLS)", "", "delivered"],
    [
      "a DestinationRule that disables TLS",
      "---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: web}\nspec: {host: web, trafficPolicy: {tls: {mode: DISABLE}}}\n",
      "connection-reset",
    ],
  ])("PeerAuthentication STRICT still applies at the pod: %s", (_case, rule, reason) => {
    expect(trace(HEADLESS + STRICT + rule, {}, url).outcome.reason).toBe(reason);
  });

  it("applies a VirtualService's HTTP route (here a timeout) but keeps the resolved address", () => {
    const slow = HEADLESS.replace(
      "labels: {app: web, version: v1}\n      ",
      'labels: {app: web, version: v1}\n      annotations: {hopscope.dev/response-time: "3s"}',
    );
    const analysis = analyzeYaml(slow + vs("  - route: [{destination: {host: web}}]\n    timeout: 1s"));
    const run = sendTraffic(analysis, { url, from: "default/sleep" }, 200, 2);
    // Only the requests DNS sent to the slow pod time out: Envoy does not pick another.
    expect(Object.keys(run.outcomes).sort()).toEqual(["200", "upstream-timeout"]);
    expect(run.destinations.map((d) => d.labels.version)).toEqual(["v2"]);
  });
});

describe("Envoy at a gateway: sourceLabels are the gateway pod's labels", () => {
  const gateway = `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
`;
  const bound = (match: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front}
spec:
  hosts: ["*"]
  gateways: [gw]
  http:
  - match: [${match}]
    route: [{destination: {host: web}}]
`;
  const send = (yaml: string) =>
    routeRequest(analyzeYaml(yaml), {
      url: "http://shop.example/",
      via: "istio-system/istio-ingressgateway",
    });

  it.each([
    ["the gateway pod's labels", "{sourceLabels: {istio: ingressgateway}}", "delivered"],
    ["labels the gateway pod does not have", "{sourceLabels: {app: sleep}}", "not-found"],
    ["the gateway pod's namespace", "{sourceNamespace: istio-system}", "delivered"],
    [
      "gateways listed in the match (then sourceLabels are not checked)",
      "{gateways: [gw], sourceLabels: {app: sleep}}",
      "delivered",
    ],
  ])("a match on %s", (_case, match, reason) => {
    expect(send(base(web("v1")) + gateway + bound(match)).outcome.reason).toBe(reason);
  });
});
