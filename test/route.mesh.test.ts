import { describe, expect, it } from "vitest";
import { injectionOf } from "../src/engine/reconcile/injectSidecars";
import { routeRequest } from "../src/engine/trace";
import { analyzeYaml } from "./helpers";

const app = (name: string, podLabels = "") => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, version: v1${podLabels}}}
    spec: {containers: [{name: ${name}, image: ${name}, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

const MESH = `apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
${app("web")}${app("sleep")}`;

const vs = (http: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
${http}`;

function trace(
  yaml: string,
  url = "http://web/",
  headers: Record<string, string> = {},
  from = "default/sleep",
) {
  return routeRequest(analyzeYaml(yaml), { url, from, headers });
}

describe("routeRequest: the mesh", () => {
  it("goes sidecar to sidecar, without kube-proxy, over mTLS", () => {
    const t = trace(MESH);
    // A node hop may stand before the pod when the two pods run on different nodes.
    const kinds = t.hops.map((h) => h.kind).filter((k) => k !== "node");
    expect(kinds).toEqual(["client", "dns", "sidecar", "service", "pod", "sidecar", "container"]);
    expect(t.hops[5]?.explanation).toContain("mTLS");
    expect(t.destination).toMatchObject({ workload: "web", container: "web" });
  });

  it("from a pod without sidecar: kube-proxy, then the server's sidecar accepts plaintext (PERMISSIVE)", () => {
    const t = trace(MESH.replace(app("sleep"), app("sleep", ', sidecar.istio.io/inject: "false"')));
    expect(t.hops.map((h) => h.kind)).toContain("kube-proxy");
    expect(t.hops.find((h) => h.kind === "sidecar")?.explanation).toContain("plaintext");
    expect(t.outcome.delivered).toBe(true);
  });

  it.each([
    ["namespace STRICT", "metadata: {name: default}\nspec: {mtls: {mode: STRICT}}", "connection-reset"],
    [
      "mesh-wide STRICT",
      "metadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}",
      "connection-reset",
    ],
    [
      "STRICT namespace, PERMISSIVE port 8080 of the workload",
      "metadata: {name: default}\nspec: {mtls: {mode: STRICT}}\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: web}\nspec: {selector: {matchLabels: {app: web}}, portLevelMtls: {8080: {mode: PERMISSIVE}}}",
      "delivered",
    ],
  ])("plaintext client, %s: %s", (_case, pa, reason) => {
    const plain = MESH.replace(app("sleep"), app("sleep", ', sidecar.istio.io/inject: "false"'));
    const t = trace(`${plain}---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\n${pa}\n`);
    expect(t.outcome.reason).toBe(reason);
  });

  it.each([
    [
      "a subset no DestinationRule defines",
      "  - route: [{destination: {host: web, subset: v2}}]",
      { reason: "no-cluster", status: 503 },
    ],
    [
      "no route matching",
      "  - match: [{uri: {prefix: /api}}]\n    route: [{destination: {host: web}}]",
      { reason: "not-found", status: 404 },
    ],
    [
      "an abort for everyone",
      "  - fault: {abort: {httpStatus: 500, percentage: {value: 100}}}\n    route: [{destination: {host: web}}]",
      { reason: "fault", status: 500 },
    ],
    [
      "an abort without percentage (injects nothing)",
      "  - fault: {abort: {httpStatus: 500}}\n    route: [{destination: {host: web}}]",
      { reason: "delivered", status: 200 },
    ],
    ["a redirect (301 by default)", "  - redirect: {uri: /new}", { reason: "redirect", status: 301 }],
  ])("a VirtualService with %s", (_case, http, outcome) => {
    expect(trace(MESH + vs(http)).outcome).toMatchObject(outcome);
  });

  it("answers 503 NC for a destination port the Service does not have", () => {
    const t = trace(MESH + vs("  - route: [{destination: {host: web, port: {number: 81}}}]"));
    expect(t.outcome).toMatchObject({ reason: "no-cluster", status: 503 });
  });

  it("routes a VirtualService destination that a ServiceEntry names out of the mesh", () => {
    const entry = `---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: payments}\nspec: {hosts: [pay.example.com], ports: [{number: 443, name: https, protocol: HTTPS}]}\n`;
    const t = trace(
      MESH + entry + vs("  - route: [{destination: {host: pay.example.com, port: {number: 443}}}]"),
    );
    expect(t.outcome.reason).toBe("external");
    expect(t.hops.at(-1)).toMatchObject({ kind: "external", address: "pay.example.com:443" });
  });

  it.each([
    ["an unnamed port, which Istio sniffs as HTTP", "[{port: 80, targetPort: 8080}]", 418],
    [
      "a port named tcp-web, which Istio proxies as TCP",
      "[{name: tcp-web, port: 80, targetPort: 8080}]",
      200,
    ],
  ])("applies HTTP routes on %s", (_case, ports, status) => {
    const yaml = MESH.replace("ports: [{name: http, port: 80, targetPort: 8080}]", `ports: ${ports}`);
    const abort =
      "  - fault: {abort: {httpStatus: 418, percentage: {value: 100}}}\n    route: [{destination: {host: web}}]";
    expect(trace(yaml + vs(abort)).outcome.status).toBe(status);
  });

  it.each([
    [
      "the Service's targetPort is open on no pod",
      "targetPort: 8080",
      "targetPort: 9999",
      { reason: "retries-exhausted", status: 503 },
    ],
    [
      "the app declares no ports (the sidecar's own port does not count)",
      "ports: [{containerPort: 8080}]",
      "ports: []",
      { reason: "delivered", status: 200 },
    ],
  ])("through Envoy when %s", (_case, from, to, outcome) => {
    const web = app("web").replace(from, to);
    expect(trace(MESH.replace(app("web"), web)).outcome).toMatchObject(outcome);
  });

  it("adds an injected delay to the elapsed time", () => {
    const delayed = trace(
      MESH +
        vs(
          "  - fault: {delay: {fixedDelay: 7s, percentage: {value: 100}}}\n    route: [{destination: {host: web}}]",
        ),
    );
    expect(delayed.outcome.elapsedMs).toBeGreaterThanOrEqual(7000);
  });

  it("routes by source labels: only the matching caller takes the route", () => {
    const yaml =
      MESH +
      vs(
        "  - match: [{sourceLabels: {app: other}}]\n    fault: {abort: {httpStatus: 418, percentage: {value: 100}}}\n    route: [{destination: {host: web}}]\n  - route: [{destination: {host: web}}]",
      );
    expect(trace(yaml).outcome.status).toBe(200);
  });

  it.each([
    ["http://example.org/", "ALLOW_ANY", { reason: "external" }],
    ["http://example.org/", "REGISTRY_ONLY", { reason: "blackhole", status: 502 }],
    ["https://example.org/", "REGISTRY_ONLY", { reason: "connection-reset" }],
  ])("%s with %s", (url, mode, outcome) => {
    const config = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |\n    outboundTrafficPolicy:\n      mode: ${mode}\n`;
    expect(trace(MESH + config, url).outcome).toMatchObject(outcome);
  });

  it("lets a ServiceEntry's host out under REGISTRY_ONLY", () => {
    const config = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: "outboundTrafficPolicy: {mode: REGISTRY_ONLY}"\n`;
    const entry = `---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: apis}\nspec: {hosts: ["*.example.org"], ports: [{number: 443, name: https, protocol: HTTPS}]}\n`;
    const t = trace(MESH + config + entry, "https://api.example.org/");
    expect(t.outcome.reason).toBe("external");
    expect(t.hops.find((h) => h.kind === "sidecar")?.explanation).toContain("ServiceEntry apis");
  });
});

describe("routeRequest: the Istio ingress gateway", () => {
  const gateway = `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
`;
  const bound = (name: string, host: string, prefix: string, dest: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}}
spec:
  hosts: ["${host}"]
  gateways: [gw]
  http: [{match: [{uri: {prefix: ${prefix}}}], route: [{destination: {host: ${dest}}}]}]
`;
  const via = "istio-system/istio-ingressgateway";

  it("translates the Service port 80 to the pod port 8080 and routes by the bound VirtualService", () => {
    const t = routeRequest(analyzeYaml(MESH + gateway + bound("a", "*", "/", "web")), {
      url: "http://any.example/",
      via,
    });
    expect(t.hops.find((h) => h.kind === "gateway")?.address).toMatch(/:8080$/);
    expect(t.destination?.workload).toBe("web");
  });

  it("uses only the most specific host's routes, as Envoy picks one virtual host", () => {
    const yaml =
      MESH +
      gateway +
      bound("catch-all", "*", "/", "sleep") +
      bound("shop", "shop.example.com", "/api", "web");
    const analysis = analyzeYaml(yaml);
    expect(routeRequest(analysis, { url: "http://shop.example.com/api/x", via }).destination?.workload).toBe(
      "web",
    );
    // The older catch-all would take /other, but Envoy never falls back to another virtual host.
    expect(routeRequest(analysis, { url: "http://shop.example.com/other", via }).outcome).toMatchObject({
      status: 404,
    });
    expect(routeRequest(analysis, { url: "http://else.example.com/other", via }).destination?.workload).toBe(
      "sleep",
    );
  });
});

describe("sidecar injection", () => {
  it.each([
    [{}, {}, false],
    [{}, { "istio-injection": "enabled" }, true],
    [{ "sidecar.istio.io/inject": "false" }, { "istio-injection": "enabled" }, false],
    [{ "sidecar.istio.io/inject": "true" }, { "istio-injection": "disabled" }, false],
    [{ "sidecar.istio.io/inject": "true" }, {}, true],
    [{}, { "istio.io/rev": "canary" }, true],
    [{}, { "istio-injection": "disabled", "istio.io/rev": "canary" }, false],
  ])("pod labels %j, namespace labels %j: injected %s", (labels, nsLabels, injected) => {
    expect(injectionOf({ namespace: "shop", labels }, {}, nsLabels).injected).toBe(injected);
  });

  it("never injects kube-system, and the pod label beats the legacy annotation", () => {
    expect(
      injectionOf({ namespace: "kube-system", labels: {} }, {}, { "istio-injection": "enabled" }).injected,
    ).toBe(false);
    const labels = { "sidecar.istio.io/inject": "true" };
    expect(
      injectionOf({ namespace: "shop", labels }, { "sidecar.istio.io/inject": "false" }, {}).injected,
    ).toBe(true);
  });
});
