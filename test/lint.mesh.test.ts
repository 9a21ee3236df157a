import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import { DIAGNOSTICS, type DiagnosticCode } from "../src/engine/diagnostics";
import { analyzeYaml } from "./helpers";
import { INJECTED_DEFAULT_NAMESPACE } from "./istioManifests";

/** Marks the line a case expects its diagnostic on; a case without marks expects silence. */
const HERE = "# <-";

function markedLines(text: string): number[] {
  return text.split("\n").flatMap((line, i) => (line.includes(HERE) ? [i + 1] : []));
}

/** An injected namespace with one reviews version behind a Service: what each case adds to. */
const BASE = `apiVersion: v1
kind: Namespace
metadata:
  name: default
  labels: {istio-injection: enabled}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1}
spec:
  selector: {matchLabels: {app: reviews, version: v1}}
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: reviews, image: reviews, ports: [{containerPort: 9080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: reviews}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
`;

const DR_V1_V9 = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews}
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v9
    labels: {version: v9} MARK
---
`;

function vsTo(subset: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: ${subset}}
`;
}

function deployment(name: string, namespace: string, extra = ""): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}} MARK
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}${extra}}}
    spec: {containers: [{name: app, image: app}]}
---
`;
}

function peerAuthentication(namespace: string, mode: string, selector = ""): string {
  return `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: mtls, namespace: ${namespace}}
spec:
  ${selector ? `selector: {matchLabels: ${selector}}\n  ` : ""}mtls: {mode: ${mode}}
---
`;
}

const marked = (yaml: string) => yaml.replaceAll("MARK", HERE);
const unmarked = (yaml: string) => yaml.replaceAll(" MARK", "");

const CASES: [string, DiagnosticCode, string][] = [
  [
    "a destination host that names no Service",
    "istio-host-unknown",
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviewz ${HERE}`,
  ],
  [
    "short hosts are expanded with the VirtualService's namespace, not the Service's",
    "istio-host-unknown",
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: prod}
spec:
  hosts:
  - reviews ${HERE}
  http:
  - route:
    - destination: {host: reviews} ${HERE}`,
  ],
  [
    "mirror and TCP destinations are references too",
    "istio-host-unknown",
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
    mirror: {host: reviews-shadow} ${HERE}
  tcp:
  - route:
    - destination: {host: reviews-db} ${HERE}`,
  ],
  [
    "silent: ServiceEntry hosts, FQDNs of other namespaces, hosts of gateway-only VirtualServices",
    "istio-host-unknown",
    `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: example}
spec:
  hosts: ["*.example.com"]
  ports: [{number: 443, name: tls, protocol: TLS}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front, namespace: prod}
spec:
  hosts: [shop.example.org, "*"]
  gateways: [front]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api.example.com}}]
  - route: [{destination: {host: reviews.default.svc.cluster.local}}]`,
  ],
  [
    "a subset no DestinationRule defines",
    "istio-subset-missing",
    `${unmarked(DR_V1_V9)}apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v2 ${HERE}`,
  ],
  [
    "a DestinationRule's short host means its own namespace",
    "istio-subset-missing",
    `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: prod}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1} ${HERE}`,
  ],
  [
    "silent: the subset is defined (by FQDN, from another namespace)",
    "istio-subset-missing",
    `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: prod}
spec:
  host: reviews.default.svc.cluster.local
  subsets: [{name: v1, labels: {version: v1}}]
---
${vsTo("v1")}`,
  ],
  ["a subset a route uses selects no pod", "istio-subset-empty", marked(DR_V1_V9) + vsTo("v9")],
  ["silent: no route uses the empty subset", "istio-subset-empty", unmarked(DR_V1_V9) + vsTo("v1")],
  [
    "a Gateway selector that matches no pod",
    "istio-gateway-no-pods",
    `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  selector: {istio: my-gateway} ${HERE}
  servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: ["*"]}]`,
  ],
  [
    "silent: istio: ingressgateway selects the (assumed) ingress gateway",
    "istio-gateway-no-pods",
    `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: ["*"]}]`,
  ],
  [
    "two mesh VirtualServices for one host: the younger one is dropped",
    "istio-vs-conflict",
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-a, creationTimestamp: "2024-02-01T00:00:00Z"}
spec:
  hosts:
  - reviews ${HERE}
  http: [{route: [{destination: {host: reviews}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-b, creationTimestamp: "2024-01-01T00:00:00Z"}
spec:
  hosts:
  - reviews.default.svc.cluster.local
  http: [{route: [{destination: {host: reviews}}]}]`,
  ],
  [
    "silent: gateway VirtualServices merge; exportTo keeps namespaces apart",
    "istio-vs-conflict",
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop-api}
spec:
  hosts: [shop.example.com]
  gateways: [gw]
  http: [{match: [{uri: {prefix: /api}}], route: [{destination: {host: reviews}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop-web}
spec:
  hosts: [shop.example.com]
  gateways: [gw]
  http: [{route: [{destination: {host: reviews}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews.default.svc.cluster.local]
  exportTo: ["."]
  http: [{route: [{destination: {host: reviews}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: prod}
spec:
  hosts: [reviews.default.svc.cluster.local]
  exportTo: ["."]
  http: [{route: [{destination: {host: reviews.default.svc.cluster.local}}]}]`,
  ],
  [
    "a route after one without match",
    "istio-route-unreachable",
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews}}]
  - match: [{headers: {end-user: {exact: jason}}}] ${HERE}
    route: [{destination: {host: reviews}}]`,
  ],
  [
    "prefix / matches everything; a wider prefix hides a narrower path",
    "istio-route-unreachable",
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: ["*"]
  gateways: [gw]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: reviews}}]
  - match: [{uri: {exact: /api/v1}}, {uri: {prefix: /api/v2}, headers: {x: {exact: "1"}}}] ${HERE}
    route: [{destination: {host: reviews}}]
  - match: [{uri: {prefix: /}}]
    route: [{destination: {host: reviews}}]
  - match: [{uri: {exact: /login}}] ${HERE}
    route: [{destination: {host: reviews}}]`,
  ],
  [
    "silent: narrower routes first, conditions the earlier route lacks, case-insensitive later match",
    "istio-route-unreachable",
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: ["*"]
  gateways: [gw, mesh]
  http:
  - match: [{headers: {end-user: {exact: jason}}}]
    route: [{destination: {host: reviews}}]
  - match: [{uri: {prefix: /api/v1}}]
    route: [{destination: {host: reviews}}]
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: reviews}}]
  - match: [{uri: {prefix: /API}, ignoreUriCase: true}]
    route: [{destination: {host: reviews}}]
  - match: [{sourceLabels: {app: productpage}}]
    route: [{destination: {host: reviews}}]
  - match: [{gateways: [gw]}]
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: reviews}}]`,
  ],
  [
    "pods without sidecar in a STRICT namespace",
    "istio-strict-no-sidecar",
    peerAuthentication("legacy", "STRICT") + marked(deployment("legacy-app", "legacy")),
  ],
  [
    "mesh-wide STRICT: the uninjected workload, not the gateway or istiod",
    "istio-strict-no-sidecar",
    `${peerAuthentication("istio-system", "STRICT")}${marked(deployment("legacy-app", "legacy"))}apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: ["*"]}]`,
  ],
  [
    "silent: STRICT where pods are injected, PERMISSIVE elsewhere, a workload exception",
    "istio-strict-no-sidecar",
    peerAuthentication("default", "STRICT") +
      peerAuthentication("legacy", "PERMISSIVE") +
      unmarked(deployment("legacy-app", "legacy")) +
      `${peerAuthentication("batch", "STRICT")}apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: job-plaintext, namespace: batch}
spec:
  selector: {matchLabels: {app: job}}
  mtls: {mode: PERMISSIVE}
---
${unmarked(deployment("job", "batch"))}`,
  ],
  [
    "ports of meshed Services whose name says no protocol",
    "istio-port-protocol",
    `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: reviews}
  ports:
  - name: web ${HERE}
    port: 80
    targetPort: 9080
---
apiVersion: v1
kind: Service
metadata: {name: plain}
spec:
  selector: {app: reviews}
  ports:
  - port: 8080 ${HERE}
---
apiVersion: v1
kind: Service
metadata: {name: job, namespace: batch}
spec:
  selector: {app: job}
  ports:
  - port: 8080 ${HERE}
    appProtocol: custom
---
${deployment("job", "batch", ', sidecar.istio.io/inject: "true"').replace(" MARK", "")}`,
  ],
  [
    "silent: protocol names, appProtocol, UDP, well-known ports, Services outside the mesh",
    "istio-port-protocol",
    `apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: reviews}
  ports:
  - {name: http-api, port: 80, targetPort: 9080}
  - {name: grpc, port: 50051}
  - {name: tcp-redis, port: 6379}
  - {name: web, port: 8080, appProtocol: http}
  - {name: ws, port: 8081, appProtocol: kubernetes.io/ws}
  - {name: dns, port: 53, protocol: UDP}
  - {name: db, port: 3306}
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: legacy}
spec:
  selector: {app: legacy-app}
  ports: [{port: 8080}]
---
${unmarked(deployment("legacy-app", "legacy"))}`,
  ],
];

describe("lint: mesh", () => {
  it.each(CASES)("%s (%s)", (_name, code, yaml) => {
    const text = BASE + yaml;
    const found = analyzeYaml(text).diagnostics.filter((d) => d.code === code);
    expect(found.map((d) => d.line)).toEqual(markedLines(text));
    for (const d of found) {
      expect(d).toMatchObject({
        file: "test.yaml",
        severity: DIAGNOSTICS[code].severity,
        hint: expect.any(String),
      });
    }
  });

  it("stays silent without Istio (no istiod, nothing reads mesh configuration)", () => {
    const { diagnostics } = analyzeYaml(BASE.replace("labels: {istio-injection: enabled}", "labels: {}"));
    expect(diagnostics.filter((d) => d.code.startsWith("istio-"))).toEqual([]);
  });
});

const BOOKINFO = resolve(import.meta.dirname, "../../shared/conformance/istio-bookinfo");

describe.skipIf(!existsSync(BOOKINFO))("lint: mesh on Bookinfo", () => {
  const file = (path: string) => ({ name: path, text: readFileSync(join(BOOKINFO, path), "utf8") });
  const base = () => [
    INJECTED_DEFAULT_NAMESPACE,
    file("platform/kube/bookinfo.yaml"),
    file("networking/bookinfo-gateway.yaml"),
  ];

  it("the base manifests give no warning or error", () => {
    const { diagnostics } = analyze([...base(), file("networking/destination-rule-all.yaml")]);
    expect(diagnostics.filter((d) => d.code.startsWith("istio-") && d.severity !== "info")).toEqual([]);
  });

  it("virtual-service-reviews-test-v2 without destination-rule-all misses its subsets", () => {
    const { diagnostics } = analyze([...base(), file("networking/virtual-service-reviews-test-v2.yaml")]);
    const found = diagnostics.filter((d) => d.code === "istio-subset-missing");
    expect(found.map((d) => [d.file, d.line])).toEqual([
      ["networking/virtual-service-reviews-test-v2.yaml", 16],
      ["networking/virtual-service-reviews-test-v2.yaml", 20],
    ]);
    expect(found[0]?.message).toContain("subset v2");
    expect(found[0]?.message).toContain("IST0101");
  });
});
