import { describe, expect, it } from "vitest";
import { RequestError } from "../src/engine/route/request";
import { routeRequest } from "../src/engine/trace";
import { analyzeYaml } from "./helpers";

const BACKEND = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

function ingress(name: string, annotations: Record<string, string>, paths: string, host = "shop.example") {
  const notes = Object.entries(annotations)
    .map(([k, v]) => `    nginx.ingress.kubernetes.io/${k}: "${v}"`)
    .join("\n");
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
${notes ? `  annotations:\n${notes}\n` : ""}spec:
  rules:
  - host: ${host}
    http:
      paths:
${paths}`;
}

const path = (p: string, port = "number: 80") =>
  `      - {path: ${p}, pathType: Prefix, backend: {service: {name: web, port: {${port}}}}}\n`;

function controllerHop(yaml: string, url: string) {
  const trace = routeRequest(analyzeYaml(BACKEND + yaml), { url });
  return { trace, hop: trace.hops.find((h) => h.kind === "ingress-controller") };
}

describe("routeRequest: ingress-nginx", () => {
  it("applies app-root of any Ingress of the host, at server level", () => {
    const yaml = ingress("app", { "app-root": "/app1" }, path("/app1")) + ingress("root", {}, path("/"));
    const { trace, hop } = controllerHop(yaml, "http://shop.example/");
    expect(trace.outcome).toMatchObject({ delivered: false, status: 302, reason: "redirect" });
    expect(hop?.explanation).toContain("Location: http://shop.example/app1");
  });

  it("answers temporal-redirect before permanent-redirect, as ingress-nginx checks them", () => {
    const yaml = ingress(
      "moved",
      { "permanent-redirect": "https://new.example/", "temporal-redirect": "https://tmp.example/" },
      path("/"),
    );
    const { trace, hop } = controllerHop(yaml, "http://shop.example/x");
    expect(trace.outcome.status).toBe(302);
    expect(hop?.explanation).toContain("Location: https://tmp.example/");
  });

  it("names the upstream by the Service port name when the Ingress does", () => {
    const { trace } = controllerHop(ingress("named", {}, path("/", "name: http")), "http://shop.example/");
    expect(trace.hops.find((h) => h.kind === "service" && h.name === "web")?.explanation).toContain(
      "upstream default-web-http",
    );
    expect(trace.destination).toMatchObject({ workload: "web", port: 8080 });
  });

  it("sends service-upstream traffic to the ClusterIP, where kube-proxy picks the pod", () => {
    const { trace } = controllerHop(
      ingress("up", { "service-upstream": "true" }, path("/")),
      "http://shop.example/",
    );
    const kinds = trace.hops.map((h) => h.kind);
    expect(kinds.slice(kinds.indexOf("ingress-controller"))).toEqual([
      "ingress-controller",
      "service",
      "kube-proxy",
      ...(kinds.includes("node", kinds.indexOf("ingress-controller")) ? ["node"] : []),
      "pod",
      "container",
    ]);
  });

  it("proxies an ExternalName backend out of the cluster, as ingress-nginx does", () => {
    const external = `---
apiVersion: v1
kind: Service
metadata: {name: docs}
spec: {type: ExternalName, externalName: docs.example.org}
`;
    const yaml =
      external +
      ingress(
        "docs",
        {},
        "      - {path: /docs, pathType: Prefix, backend: {service: {name: docs, port: {number: 443}}}}\n",
      );
    const { trace } = controllerHop(yaml, "http://shop.example/docs");
    expect(trace.outcome.reason).toBe("external");
    expect(trace.hops.at(-1)).toMatchObject({ kind: "external", address: "docs.example.org:443" });
    expect(analyzeYaml(BACKEND + yaml).diagnostics.map((d) => d.code)).not.toContain(
      "ingress-backend-missing",
    );
  });

  it("falls past a resource-backend path, which ingress-nginx writes no location for", () => {
    const resource =
      "      - {path: /static, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}}\n";
    const shadowed = controllerHop(
      ingress("mixed", {}, resource + path("/")),
      "http://shop.example/static/a.css",
    );
    expect(shadowed.trace.destination).toMatchObject({ workload: "web", path: "/static/a.css" });
    const alone = controllerHop(ingress("only", {}, resource), "http://shop.example/static/a.css");
    expect(alone.trace.outcome).toMatchObject({ status: 404, reason: "not-found" });
    expect(alone.hop?.explanation).toContain("StorageBucket assets, a resource backend");
  });

  it("refuses a --via that is not an entry point, naming the ones there are", () => {
    const analysis = analyzeYaml(BACKEND + ingress("a", {}, path("/")));
    expect(() => routeRequest(analysis, { url: "http://shop.example/", via: "default/web" })).toThrow(
      RequestError,
    );
    expect(() => routeRequest(analysis, { url: "http://shop.example/", via: "default/web" })).toThrow(
      /entry points: ingress-nginx\/ingress-nginx-controller/,
    );
    const via = routeRequest(analysis, {
      url: "http://shop.example/",
      via: "ingress-nginx/ingress-nginx-controller",
    });
    expect(via.hops[1]?.explanation).toContain("chosen with --via");
  });

  it("keeps a name that no entry point claims outside the cluster when there is none", () => {
    const trace = routeRequest(analyzeYaml(BACKEND), { url: "http://shop.example/" });
    expect(trace.outcome.reason).toBe("nxdomain");
  });
});

describe("Ingress diagnostics", () => {
  it("shows a legacy Ingress as networking.k8s.io/v1", () => {
    const analysis = analyzeYaml(`apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old}
spec:
  rules:
  - http:
      paths:
      - path: /folder
        backend: {serviceName: web, servicePort: 80}`);
    const diagnostic = analysis.diagnostics.find((d) => d.code === "ingress-deprecated-api");
    expect(diagnostic).toMatchObject({ severity: "warning", line: 1 });
    expect(diagnostic?.message).toContain("pathType: ImplementationSpecific");
    expect(diagnostic?.message).toContain("service:\n");
    expect(diagnostic?.message).toMatch(/port:\n\s+number: 80/);
  });

  it.each([
    ["a Prefix path without a leading slash", path("folder"), "ingress-path-invalid"],
    ["a regex in a Prefix path", path("/api/(.*)"), "ingress-regex-path"],
    [
      "a backend Service that does not exist",
      path("/").replace("name: web", "name: nope"),
      "ingress-backend-missing",
    ],
    ["a backend port the Service does not have", path("/", "number: 81"), "ingress-backend-missing"],
  ])("reports %s", (_case, paths, code) => {
    const codes = analyzeYaml(BACKEND + ingress("x", {}, paths)).diagnostics.map((d) => d.code);
    expect(codes).toContain(code);
  });

  it("reports an unknown class and does not serve the Ingress", () => {
    const yaml = (BACKEND + ingress("x", {}, path("/"))).replace(
      "spec:\n  rules:",
      "spec:\n  ingressClassName: traefik\n  rules:",
    );
    const analysis = analyzeYaml(yaml);
    expect(analysis.diagnostics.map((d) => d.code)).toContain("ingress-not-served");
    expect(routeRequest(analysis, { url: "http://shop.example/" }).outcome.status).toBe(404);
  });
});

describe("the assumed controller", () => {
  it("keeps an object the user defines under the same name, labels and all", () => {
    const yaml = `${BACKEND}---
apiVersion: v1
kind: Namespace
metadata: {name: ingress-nginx, labels: {team: edge}}
${ingress("a", {}, path("/"))}`;
    const analysis = analyzeYaml(yaml);
    const namespaces = analysis.manifest.objects.filter(
      (o) => o.kind === "Namespace" && o.name === "ingress-nginx",
    );
    expect(namespaces.map((o) => o.source.file)).toEqual(["test.yaml"]);
    expect(analysis.diagnostics.map((d) => d.code)).not.toContain("duplicate-object");
    expect(analysis.cluster.ingress?.controller.assumed).toBe(true);
  });
});
