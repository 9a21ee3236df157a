import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import { findPod, renderEnvoyConfig } from "../src/engine/dataplane/envoyConfig";
import { routeRequest } from "../src/engine/trace";
import { expectGolden } from "./golden";

const BOOKINFO = resolve(import.meta.dirname, "../../shared/conformance/istio-bookinfo");
const present = existsSync(BOOKINFO);
if (!present && process.env.CI) throw new Error(`conformance data missing at ${BOOKINFO}`);

type File = { name: string; text: string };

const bookinfo = (path: string): File => ({ name: path, text: readFileSync(join(BOOKINFO, path), "utf8") });
const inline = (name: string, text: string): File => ({ name, text });

/** The tasks run Bookinfo in `default` after `kubectl label namespace default istio-injection=enabled`. */
const INJECTED = inline(
  "namespace-default.yaml",
  "apiVersion: v1\nkind: Namespace\nmetadata: {name: default, labels: {istio-injection: enabled}}\n",
);

/** A later VirtualService for ratings: istiod keeps the older one and drops this one. */
const RATINGS_ABORT = inline(
  "ratings-abort.yaml",
  `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings-abort, creationTimestamp: "2026-01-02T00:00:00Z"}
spec:
  hosts: [ratings]
  http:
  - fault: {abort: {httpStatus: 500, percentage: {value: 100}}}
    route: [{destination: {host: ratings, subset: v1}}]
`,
);

/** Redirect, a fault without percentage, timeout and retries, a weighted split, a missing subset. */
const DETAILS_ROUTES = inline(
  "details-routes.yaml",
  `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: details}
spec:
  hosts: [details]
  http:
  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /details}
  - match: [{uri: {prefix: /v3}}, {headers: {x-canary: {}}, sourceLabels: {app: productpage}}]
    route: [{destination: {host: details, subset: v3}}]
  - fault: {abort: {httpStatus: 503}}
    timeout: 2s
    retries: {attempts: 0}
    route:
    - {destination: {host: details, subset: v1}, weight: 90}
    - {destination: {host: details, subset: v2}, weight: 10}
`,
);

/** mTLS required for every pod in default; a client DestinationRule that turns it off for details. */
const STRICT = inline(
  "strict.yaml",
  `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: default}
spec: {mtls: {mode: STRICT}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: details}
spec:
  host: details
  trafficPolicy: {tls: {mode: DISABLE}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews}
spec:
  host: reviews
  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}, tls: {mode: ISTIO_MUTUAL}}
  subsets:
  - {name: v1, labels: {version: v1}}
  - name: v3
    labels: {version: v3}
    trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: end-user}}}
`,
);

/**
 * ratings-v2 reads MongoDB (port `mongo`, so TCP): a tcp route sends it to subset v1, and the
 * reviews route it does not use shows a timeout, retries, header operations and a mirror.
 */
const MONGODB_ROUTES = inline(
  "mongodb-routes.yaml",
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mongodb}
spec:
  host: mongodb
  subsets: [{name: v1, labels: {version: v1}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mongodb}
spec:
  hosts: [mongodb]
  tcp:
  - match: [{port: 27017}]
    route: [{destination: {host: mongodb, subset: v1, port: {number: 27017}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - timeout: 3s
    retries: {attempts: 1, perTryTimeout: 2s, retryOn: gateway-error}
    headers: {request: {set: {x-from: ratings}}}
    mirror: {host: reviews, subset: v3}
    mirrorPercentage: {value: 5}
    route:
    - {destination: {host: reviews, subset: v1}, weight: 90}
    - {destination: {host: reviews, subset: v2}, weight: 10, headers: {request: {add: {x-canary: "true"}}}}
`,
);

/** Each case: the files applied in order (a later object replaces an earlier one) and the pod. */
const CASES: Record<string, { pod: string; files: () => File[] }> = {
  "bookinfo-productpage": {
    pod: "default/productpage-v1",
    files: () => [
      INJECTED,
      bookinfo("platform/kube/bookinfo.yaml"),
      bookinfo("networking/destination-rule-all.yaml"),
      bookinfo("networking/virtual-service-all-v1.yaml"),
      bookinfo("networking/virtual-service-reviews-test-v2.yaml"),
    ],
  },
  "bookinfo-ingressgateway": {
    pod: "istio-system/istio-ingressgateway",
    files: () => [
      INJECTED,
      bookinfo("platform/kube/bookinfo.yaml"),
      bookinfo("networking/destination-rule-all.yaml"),
      bookinfo("networking/bookinfo-gateway.yaml"),
    ],
  },
  // Bookinfo's fault-injection task: reviews v2 calls ratings, delayed 7 s for jason.
  "fault-injection": {
    pod: "default/reviews-v2",
    files: () => [
      INJECTED,
      bookinfo("platform/kube/bookinfo.yaml"),
      bookinfo("networking/destination-rule-all.yaml"),
      bookinfo("networking/virtual-service-ratings-test-delay.yaml"),
      RATINGS_ABORT,
      DETAILS_ROUTES,
    ],
  },
  "tcp-route-mongodb": {
    pod: "default/ratings-v2",
    files: () => [
      INJECTED,
      bookinfo("platform/kube/bookinfo.yaml"),
      bookinfo("platform/kube/bookinfo-ratings-v2.yaml"),
      bookinfo("platform/kube/bookinfo-db.yaml"),
      bookinfo("networking/destination-rule-all.yaml"),
      MONGODB_ROUTES,
    ],
  },
  "peer-authentication-strict": {
    pod: "default/ratings-v1",
    files: () => [INJECTED, bookinfo("platform/kube/bookinfo.yaml"), STRICT],
  },
};

function analysisOf(name: string) {
  const c = CASES[name];
  if (!c) throw new Error(`no case ${name}`);
  const analysis = analyze(c.files());
  const pod = findPod(analysis.cluster, c.pod);
  if (!pod) throw new Error(`${name}: no pod ${c.pod}`);
  return { analysis, pod };
}

function render(name: string): string {
  const { analysis, pod } = analysisOf(name);
  return renderEnvoyConfig(analysis.cluster, pod);
}

describe.skipIf(!present)("golden: Envoy configuration of a sidecar or gateway", () => {
  it.each(Object.keys(CASES))("%s", (name) => {
    expectGolden(`envoy-${name}`, render(name));
  });

  it("is deterministic", () => {
    expect(render("fault-injection")).toBe(render("fault-injection"));
  });

  it.each([
    ["jason", { "end-user": "jason" }, "outbound|9080|v2|reviews.default.svc.cluster.local"],
    ["anyone else", {}, "outbound|9080|v1|reviews.default.svc.cluster.local"],
  ])("names the cluster a trace for %s goes to", (_, headers, cluster) => {
    const { analysis } = analysisOf("bookinfo-productpage");
    const url = "http://reviews:9080/reviews/0";
    const trace = routeRequest(analysis, { url, from: "default/productpage-v1", headers }, { seed: 1 });
    const text = trace.hops.map((h) => h.explanation).join("\n");
    expect(text).toContain(`cluster ${cluster}`);
    expect(render("bookinfo-productpage")).toContain(`→ ${cluster}`);
  });
  it("names the cluster ratings-v2's connection to MongoDB goes to, as its tcp route says", () => {
    const { analysis } = analysisOf("tcp-route-mongodb");
    const url = "http://mongodb:27017/test";
    const trace = routeRequest(analysis, { url, from: "default/ratings-v2" }, { seed: 1 });
    const cluster = "outbound|27017|v1|mongodb.default.svc.cluster.local";
    expect(trace.hops.map((h) => h.explanation).join("\n")).toContain(
      `tcp route 1 of VirtualService mongodb: match 1 (port 27017) holds → mongodb.default.svc.cluster.local subset v1 (DestinationRule mongodb): Envoy sends it to cluster ${cluster}`,
    );
    expect(render("tcp-route-mongodb")).toContain(`Cluster: ${cluster}`);
  });
});

describe("Envoy configuration: what each proxy sees", () => {
  const manifest = (vs: string) =>
    analyze([
      INJECTED,
      inline(
        "m.yaml",
        `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: client, image: curl}]}
---
${vs}`,
      ),
    ]);
  const client = (analysis: ReturnType<typeof analyze>) => {
    const pod = findPod(analysis.cluster, "default/client");
    if (!pod) throw new Error("no client pod");
    return renderEnvoyConfig(analysis.cluster, pod);
  };
  const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: [web]
  http: [{route: [{destination: {host: web}}], timeout: 1s}]`;

  it("a VirtualService exported only to its own namespace is not in other namespaces' sidecars", () => {
    expect(client(manifest(VS))).toContain("[VirtualService shop/web route 1]");
    expect(client(manifest(`${VS}\n  exportTo: ["."]`))).not.toContain("VirtualService shop/web");
  });

  it("a VirtualService bound only to a Gateway is not in any sidecar", () => {
    expect(client(manifest(`${VS}\n  gateways: [shop/web-gateway]`))).toContain(
      "1. prefix /   [no VirtualService: the default route]",
    );
  });

  it("the bare Service name is a domain only for clients in the Service's namespace", () => {
    expect(client(manifest(VS))).toContain(
      "domains: web.shop.svc.cluster.local, web.shop, web.shop.svc, 10.",
    );
  });

  it("a pod without sidecar that no Gateway selects runs no Envoy", () => {
    const analysis = manifest(VS);
    const istiod = findPod(analysis.cluster, "istio-system/istiod");
    if (!istiod) throw new Error("no istiod pod");
    expect(renderEnvoyConfig(analysis.cluster, istiod)).toMatch(
      /^# istio-system\/istiod-\S+ runs no Envoy: it has no istio-proxy sidecar/,
    );
  });
});

describe("Envoy configuration: TCP routes, retries, headers and mirrors", () => {
  const MANIFEST = `apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db-v1}
spec:
  selector: {matchLabels: {app: db, version: v1}}
  template:
    metadata: {labels: {app: db, version: v1}}
    spec: {containers: [{name: db, image: redis, ports: [{containerPort: 6379}, {containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: 10.96.0.50, selector: {app: db}, ports: [{name: tcp-redis, port: 6379}, {name: http, port: 8080}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: db}
spec: {host: db, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: client, image: curl}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db}
spec:
  hosts: [db]
`;
  const client = (vs: string) => {
    const analysis = analyze([inline("m.yaml", MANIFEST + vs)]);
    const pod = findPod(analysis.cluster, "default/client");
    if (!pod) throw new Error("no client pod");
    return renderEnvoyConfig(analysis.cluster, pod);
  };
  /** The rows of the LISTENERS section about a port, comments about routes included. */
  const listenerRows = (text: string, port: string) =>
    (text.split("\n\nROUTES")[0] ?? "")
      .split("\n")
      .filter((l) => l.includes(` ${port} `) || l.startsWith("# tcp route"))
      .map((l) => l.replace(/\s+/g, " ").trim());

  it.each([
    [
      "a weighted tcp route",
      "  tcp:\n  - match: [{port: 6379}]\n    route:\n    - {destination: {host: db, subset: v1}, weight: 75}\n    - {destination: {host: db, subset: v2}, weight: 25}\n",
      [
        "# tcp route 1 of VirtualService default/db:",
        "10.96.0.50 6379 ALL WeightedClusters: 75% outbound|6379|v1|db.default.svc.cluster.local, 25% outbound|6379|v2|db.default.svc.cluster.local",
      ],
    ],
    [
      "a tcp route for some addresses, then the Service's own chain",
      "  tcp:\n  - match: [{destinationSubnets: [10.96.0.0/16]}]\n    route: [{destination: {host: db, subset: v9}}]\n",
      [
        "# tcp route 1 of VirtualService default/db:",
        "10.96.0.50 6379 Addr: 10.96.0.0/16 Cluster: outbound|6379|v9|db.default.svc.cluster.local (no such cluster: DestinationRule default/db has no subset v9)",
        "10.96.0.50 6379 ALL Cluster: outbound|6379||db.default.svc.cluster.local",
      ],
    ],
    [
      "no tcp route",
      "  tcp: []\n",
      ["10.96.0.50 6379 ALL Cluster: outbound|6379||db.default.svc.cluster.local"],
    ],
  ])("lists %s as filter chains of the Service's listener", (_case, vs, rows) => {
    expect(listenerRows(client(vs), "6379").filter((l) => !l.startsWith("0.0.0.0"))).toEqual(rows);
  });

  it("shows retries, header operations and mirrors under the route", () => {
    const text = client(`  http:
  - route: [{destination: {host: db, port: {number: 8080}}, headers: {request: {set: {x-to: db}}}}]
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "gateway-error,503"}
    headers: {request: {remove: [cookie]}, response: {set: {x-by: db}}}
    mirror: {host: db, subset: v2}
    mirrorPercentage: {value: 10}
`);
    for (const line of [
      "→ outbound|8080||db.default.svc.cluster.local",
      "  request headers (this destination): set x-to: db",
      "retries: 3 (up to 4 tries) on gateway-error,retriable-status-codes (status 503), perTryTimeout 2s",
      "request headers (route): remove cookie",
      "response headers (route): set x-by: db",
      "mirror 10% (fire and forget, Host gets -shadow) to outbound|8080|v2|db.default.svc.cluster.local",
    ])
      expect(text).toContain(line);
  });
});

describe("Envoy configuration: an ingress gateway's routes", () => {
  it("keeps a match whose sourceLabels are the gateway pod's labels, and leaves out others", () => {
    const analysis = analyze([
      INJECTED,
      inline(
        "gw.yaml",
        `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front}
spec:
  hosts: ["*"]
  gateways: [gw]
  http:
  - match: [{uri: {prefix: /a}, sourceLabels: {istio: ingressgateway}}]
    route: [{destination: {host: web}}]
  - match: [{uri: {prefix: /b}, sourceLabels: {app: sleep}}]
    route: [{destination: {host: web}}]
`,
      ),
    ]);
    const pod = findPod(analysis.cluster, "istio-system/istio-ingressgateway");
    if (!pod) throw new Error("no gateway pod");
    const text = renderEnvoyConfig(analysis.cluster, pod);
    expect(text).toContain("1. prefix /a   [VirtualService default/front route 1]");
    expect(text).toContain(
      "# VirtualService default/front route 2 is left out: it is for clients labelled app=sleep.",
    );
  });
});
