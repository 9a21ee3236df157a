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
