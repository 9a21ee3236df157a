import { describe, expect, it } from "vitest";
import { renderNginxConf } from "../src/engine/dataplane/nginxConf";
import { expectGolden } from "./golden";
import { analyzeYaml } from "./helpers";

/** Two nodes, so pod IPs come from two pod CIDRs. */
const NODES = [1, 2]
  .map(
    (i) => `apiVersion: v1
kind: Node
metadata: {name: node-${i}}
status: {addresses: [{type: InternalIP, address: 1.1.1.${i}}]}`,
  )
  .join("\n---\n");

/** A Deployment and its Service: `<name>` pods labelled app=<name>, Service port -> targetPort. */
const app = (
  name: string,
  port: number,
  targetPort: number,
  replicas = 2,
  namespace = "default",
) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: app, image: ${name}, ports: [{containerPort: ${targetPort}}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec: {selector: {app: ${name}}, ports: [{port: ${port}, targetPort: ${targetPort}}]}`;

const backend = (service: string, port: number | string) =>
  `{service: {name: ${service}, port: {${typeof port === "number" ? "number" : "name"}: ${port}}}}`;

const path = (p: string, service: string, port: number | string, pathType = "Prefix") =>
  `{path: "${p}", pathType: ${pathType}, backend: ${backend(service, port)}}`;

const rule = (host: string | null, ...paths: string[]) =>
  `{${host ? `host: "${host}", ` : ""}http: {paths: [${paths.join(", ")}]}}`;

interface IngressSpec {
  name: string;
  annotations?: Record<string, string>;
  rules?: string[];
  defaultBackend?: string;
  tls?: string;
}

const ingress = ({ name, annotations, rules, defaultBackend, tls }: IngressSpec) => {
  const notes = Object.entries(annotations ?? {}).map(([k, v]) => `nginx.ingress.kubernetes.io/${k}: "${v}"`);
  return [
    "apiVersion: networking.k8s.io/v1",
    "kind: Ingress",
    `metadata: {name: ${name}${notes.length ? `, annotations: {${notes.join(", ")}}` : ""}}`,
    "spec:",
    ...(defaultBackend ? [`  defaultBackend: ${defaultBackend}`] : []),
    ...(tls ? [`  tls: ${tls}`] : []),
    ...(rules ? [`  rules: [${rules.join(", ")}]`] : []),
  ].join("\n");
};

const secret = (name: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}}\ntype: kubernetes.io/tls\ndata: {tls.crt: "", tls.key: ""}`;

/** A bare pod that is running but failing its readiness probe. */
const unreadyPod = (name: string, label: string, port: number) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${label}}}
spec: {nodeName: node-2, containers: [{name: app, image: ${label}, ports: [{containerPort: ${port}}]}]}
status: {conditions: [{type: Ready, status: "False"}]}`;

/** Every case goes through analyze(), which adds the standard ingress-nginx controller. */
const CASES: Record<string, string[]> = {
  // The seed story behind an Ingress: one host-less rule fans out by path.
  "seed-fanout": [
    app("service-nginx", 3001, 80, 1),
    app("service-python", 3002, 443, 3),
    ingress({
      name: "example-ingress",
      rules: [rule(null, path("/folder", "service-nginx", 3001), path("/other", "service-python", 3002))],
    }),
  ],
  // K-ING "Name based virtual hosting": two hosts, and a host-less rule for every other host.
  "virtual-hosting": [
    app("service1", 80, 8080),
    app("service2", 80, 8080),
    app("service3", 80, 8080),
    ingress({
      name: "name-virtual-host-ingress",
      rules: [
        rule("first.bar.com", path("/", "service1", 80)),
        rule("second.bar.com", path("/", "service2", 80)),
        rule(null, path("/", "service3", 80)),
      ],
    }),
  ],
  tls: [
    app("web", 80, 8080),
    secret("secure-tls"),
    ingress({
      name: "secure",
      tls: '[{hosts: ["secure.example.com"], secretName: secure-tls}]',
      rules: [rule("secure.example.com", path("/", "web", 80))],
    }),
    // The fake certificate still counts as one: plain HTTP is redirected all the same.
    ingress({
      name: "broken",
      tls: '[{hosts: ["broken.example.com"], secretName: missing-tls}]',
      rules: [rule("broken.example.com", path("/", "web", 80))],
    }),
    ingress({
      name: "relaxed",
      annotations: { "ssl-redirect": "false" },
      tls: '[{hosts: ["relaxed.example.com"], secretName: secure-tls}]',
      rules: [rule("relaxed.example.com", path("/", "web", 80))],
    }),
  ],
  // NGX-D examples/rewrite, and a plain Prefix path of another Ingress on the same host.
  "rewrite-regex": [
    app("http-svc", 80, 8080),
    app("api", 80, 8080),
    ingress({
      name: "rewrite",
      annotations: { "use-regex": "true", "rewrite-target": "/$2" },
      rules: [rule("rewrite.bar.com", path("/something(/|$)(.*)", "http-svc", 80, "ImplementationSpecific"))],
    }),
    ingress({
      name: "api",
      rules: [rule("rewrite.bar.com", path("/api", "api", 80), path("/", "api", 80, "Exact"))],
    }),
  ],
  canary: [
    app("web", 80, 8080),
    app("web-v2", 80, 8080, 1),
    ingress({ name: "web", rules: [rule("shop.example.com", path("/", "web", 80))] }),
    ingress({
      name: "web-canary",
      annotations: { canary: "true", "canary-by-header": "X-Canary", "canary-weight": "20" },
      rules: [rule("shop.example.com", path("/", "web-v2", 80))],
    }),
  ],
  wildcard: [
    app("wild", 80, 8080),
    app("bar", 80, 8080),
    ingress({
      name: "wildcard",
      rules: [rule("*.foo.com", path("/", "wild", 80)), rule("bar.foo.com", path("/", "bar", 80))],
    }),
  ],
  // A rules-less Ingress owns the catch-all server; another lends its defaultBackend to its host.
  "default-backend": [
    app("fallback", 80, 8080),
    app("docs", 80, 8080),
    app("docs-home", 80, 8080),
    ingress({ name: "fallback", defaultBackend: backend("fallback", 80) }),
    ingress({
      name: "docs",
      defaultBackend: backend("docs-home", 80),
      rules: [rule("docs.example.com", path("/v1", "docs", 80))],
    }),
  ],
  // Balancing annotations, a port named by name, a not-ready pod, a missing Service, a resource backend.
  upstreams: [
    app("hashed", 80, 8080),
    app("sticky", 80, 8080),
    app("direct", 80, 8080),
    `apiVersion: v1
kind: Service
metadata: {name: named}
spec: {selector: {app: named}, ports: [{name: http, port: 80, targetPort: 8080}]}`,
    unreadyPod("named-1", "named", 8080),
    ingress({
      name: "hashed",
      annotations: { "upstream-hash-by": "$request_uri" },
      rules: [rule("a.example.com", path("/", "hashed", 80))],
    }),
    ingress({
      name: "sticky",
      annotations: { affinity: "cookie" },
      rules: [rule("b.example.com", path("/", "sticky", 80))],
    }),
    ingress({
      name: "direct",
      annotations: { "service-upstream": "true", "backend-protocol": "HTTPS" },
      rules: [rule("c.example.com", path("/", "direct", 80))],
    }),
    ingress({
      name: "mixed",
      rules: [
        rule(
          "d.example.com",
          path("/named", "named", "http"),
          path("/gone", "nowhere", 80),
          `{path: /static, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}}}`,
        ),
      ],
    }),
  ],
  redirects: [
    app("web", 80, 8080),
    ingress({
      name: "home",
      annotations: { "app-root": "/app1" },
      rules: [rule("home.example.com", path("/", "web", 80))],
    }),
    ingress({
      name: "moved",
      annotations: { "permanent-redirect": "https://new.example.com" },
      rules: [rule("old.example.com", path("/", "web", 80))],
    }),
    ingress({
      name: "later",
      annotations: { "temporal-redirect": "https://maintenance.example.com" },
      rules: [rule("later.example.com", path("/", "web", 80))],
    }),
    ingress({
      name: "forced",
      annotations: { "force-ssl-redirect": "true" },
      rules: [rule("forced.example.com", path("/", "web", 80))],
    }),
  ],
  // What the header says about Ingresses the controller does not serve, or only in part.
  header: [
    app("web", 80, 8080),
    ingress({
      name: "cached",
      annotations: { "proxy-body-size": "8m" },
      rules: [rule("web.example.com", path("/", "web", 80))],
    }),
    ingress({ name: "elsewhere", rules: [rule("other.example.com", path("/", "web", 80))] }).replace(
      "spec:",
      "spec:\n  ingressClassName: traefik",
    ),
  ],
};

function render(name: string): string {
  const analysis = analyzeYaml([NODES, ...(CASES[name] ?? [])].join("\n---\n"));
  const { ingress } = analysis.cluster;
  if (!ingress) throw new Error(`${name}: the engine built no ingress-nginx model`);
  return renderNginxConf(ingress, analysis.cluster);
}

describe("golden: nginx.conf as ingress-nginx would render it", () => {
  it.each(Object.keys(CASES))("%s", (name) => {
    expectGolden(`nginx-${name}`, render(name));
  });

  it("is deterministic", () => {
    expect(render("canary")).toBe(render("canary"));
  });
});
