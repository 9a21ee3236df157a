/**
 * Sends requests the way the Istio tasks do (from a workload's pod, or from outside through the
 * istio-ingressgateway) and states their expectations against the engine's public contract only:
 * `routeRequest` / `sendTraffic` outcomes, hops and destinations.
 */
import { expect } from "vitest";
import type { analyze } from "../src/engine/analyze";
import { routeRequest } from "../src/engine/trace";
import type { FailureReason, RequestSpec, Trace } from "../src/engine/traceTypes";
import { sendTraffic, type TrafficResult } from "../src/simulation/traffic";
import type { ManifestFile } from "./istioManifests";

export type Analysis = ReturnType<typeof analyze>;

/** One conformance case: the manifest it analyses and what it checks on the analysis. */
export interface MeshCase {
  name: string;
  /** Names the manifest set, so that each set is checked for YAML problems once. */
  manifests: string;
  files: ManifestFile[];
  run: (analysis: Analysis) => void;
  /** Why the case cannot run: it is listed (skipped) rather than dropped. */
  skip?: string;
}

/** One seed for every case: traces and traffic runs are reproducible. */
export const SEED = 7;

/**
 * The gateway the engine assumes for a Gateway selecting `istio: ingressgateway` when the YAML has
 * no such pods: the istio-ingressgateway LoadBalancer Service of a default install.
 */
export const INGRESS_GATEWAY = "istio-system/istio-ingressgateway";

export interface MeshRequest {
  /** `namespace/workload` or `namespace/pod`. */
  from: string;
  url: string;
  headers?: Record<string, string>;
}

function meshSpec(request: MeshRequest): RequestSpec {
  return {
    url: request.url,
    from: request.from,
    ...(request.headers && Object.keys(request.headers).length ? { headers: request.headers } : {}),
  };
}

/**
 * routeRequest refuses a request it cannot form (an unknown source or entry point) by throwing;
 * here that is a failed expectation like any other, named after the request.
 */
function traced(spec: RequestSpec): (analysis: Analysis) => Trace {
  return (analysis) => {
    let trace: Trace | undefined;
    expect(
      () => {
        trace = routeRequest(analysis, spec, { seed: SEED });
      },
      `${spec.from ?? "external"} → ${spec.url}${spec.via ? ` via ${spec.via}` : ""}`,
    ).not.toThrow();
    return trace as Trace;
  };
}

export function sendFromPod(analysis: Analysis, request: MeshRequest): Trace {
  return traced(meshSpec(request))(analysis);
}

export function trafficFromPod(analysis: Analysis, request: MeshRequest, count: number): TrafficResult {
  return sendTraffic(analysis, meshSpec(request), count, SEED);
}

/**
 * From outside: `via` pins public DNS to the ingress gateway's load balancer, so any host reaches
 * it, as `curl -H "Host: ..." http://$INGRESS_HOST/...` does in the tasks.
 */
export function sendThroughGateway(analysis: Analysis, host: string, path: string): Trace {
  return traced({ url: `http://${host}${path}`, via: INGRESS_GATEWAY })(analysis);
}

/** The hop of the Service the proxy chose (the last Service hop with that name). */
export function serviceHop(trace: Trace, service: string) {
  return trace.hops.findLast((h) => h.kind === "service" && h.name === service);
}

/**
 * The pod port a Service port leads to (its targetPort, numeric in every data set here). A proxy
 * sends straight to that pod port, so the pod port is where a case sees the Service port used.
 */
export function podPortOf(analysis: Analysis, namespace: string, service: string, port: number): number {
  const svc = analysis.cluster.services.find((s) => s.namespace === namespace && s.name === service);
  const target = svc?.ports.find((p) => p.port === port)?.targetPort;
  if (typeof target !== "number")
    throw new Error(`no numeric targetPort for ${namespace}/${service}:${port}`);
  return target;
}

export interface Delivery {
  workload?: string;
  /** Labels the destination pod must carry (a subset's labels, a Service's selector). */
  labels?: Record<string, string>;
  /** The pod port the request arrives on. */
  port?: number;
}

/** Delivered to a pod with a 200; only the destination fields the case names are compared. */
export function expectDelivered(trace: Trace, to: Delivery): void {
  const d = trace.destination;
  const labels = to.labels && Object.fromEntries(Object.keys(to.labels).map((k) => [k, d?.labels[k]]));
  expect({
    status: trace.outcome.status,
    reason: trace.outcome.reason,
    ...(to.workload ? { workload: d?.workload } : {}),
    ...(labels ? { labels } : {}),
    ...(to.port ? { port: d?.port } : {}),
  }).toEqual({ status: 200, reason: "delivered", ...to });
}

/** The Service hop names the rules that decided: the VirtualService and the subset, if any. */
export function expectDecidedBy(
  trace: Trace,
  service: string,
  rules: { virtualService?: string; subset?: string },
): void {
  const explanation = serviceHop(trace, service)?.explanation ?? `(no hop for Service ${service})`;
  if (rules.virtualService) expect(explanation).toContain(`VirtualService ${rules.virtualService}`);
  if (rules.subset) expect(explanation).toContain(`subset ${rules.subset}`);
}

/** An answer Envoy gives itself (404 NR, 503 NC/UH, an injected abort): no pod sees the request. */
export function expectEnvoyAnswer(trace: Trace, status: number | null, reason: FailureReason): void {
  expect({
    delivered: trace.outcome.delivered,
    status: trace.outcome.status,
    reason: trace.outcome.reason,
    destination: trace.destination,
  }).toEqual({ delivered: false, status, reason, destination: null });
}

/**
 * The server side of a mesh delivery, after the proxy's hop for `service`: no kube-proxy (the proxy
 * picked the pod itself), the server's istio-proxy takes the connection over mTLS, and the app
 * container answers last. Node hops (the pod network) may come between. Whether the pod hop comes
 * before or after its sidecar is left open: the sidecar runs inside the pod, either order holds.
 */
export function expectServerSidecar(trace: Trace, service: string, server: string): void {
  const at = trace.hops.findLastIndex((h) => h.kind === "service" && h.name === service);
  const rest = at < 0 ? [] : trace.hops.slice(at + 1);
  const inbound = rest.find((h) => h.kind === "sidecar");
  expect({
    kinds: rest.map((h) => h.kind).filter((k) => k !== "node" && k !== "pod"),
    pod: rest.some((h) => h.kind === "pod"),
    inbound: inbound && {
      name: inbound.name,
      namespace: inbound.namespace,
      mTLS: /mTLS/.test(inbound.explanation),
    },
  }).toEqual({
    kinds: ["sidecar", "container"],
    pod: true,
    inbound: { name: "istio-proxy", namespace: server, mTLS: true },
  });
}

/**
 * Between two injected pods the client's sidecar takes the outbound connection and picks the
 * endpoint itself (pod IP and target port), so kube-proxy plays no part anywhere on the way.
 */
export function expectSidecarToSidecar(trace: Trace, service: string, client: string, server: string): void {
  const outbound = trace.hops.findIndex((h) => h.kind === "sidecar");
  const at = trace.hops.findLastIndex((h) => h.kind === "service" && h.name === service);
  const hop = trace.hops[outbound];
  expect({
    outbound: hop && { name: hop.name, namespace: hop.namespace, beforeService: outbound < at },
    kubeProxy: trace.hops.some((h) => h.kind === "kube-proxy"),
  }).toEqual({ outbound: { name: "istio-proxy", namespace: client, beforeService: true }, kubeProxy: false });
  expectServerSidecar(trace, service, server);
}

/**
 * Binomial bound for a share of `n` independent choices: four standard deviations, so a fair
 * weighted pick misses it about once in 15,000 seeds, while a wrong rule (weights ignored, a
 * subset dropped, kube-proxy's equal split instead of the VirtualService's weights) lands far
 * outside (at 1,000 requests: ±0.038 for p = 0.1, ±0.060 for p = 1/3, ±0.063 for p = 0.5).
 */
export function shareTolerance(p: number, n: number): number {
  return 4 * Math.sqrt((p * (1 - p)) / n);
}

/** Shares of the requests of a run by a key of the destination (workload, subset). */
export function sharesBy(
  traffic: TrafficResult,
  keyOf: (d: TrafficResult["destinations"][number]) => string,
): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const d of traffic.destinations) {
    const key = keyOf(d);
    shares[key] = (shares[key] ?? 0) + d.count / traffic.count;
  }
  return shares;
}

/** Every delivered, and each expected share within the bound; nothing else gets any. */
export function expectShares(
  traffic: TrafficResult,
  shares: Record<string, number>,
  expected: Record<string, number>,
) {
  expect(traffic.outcomes).toEqual({ 200: traffic.count });
  expect(Object.keys(shares).sort()).toEqual(
    Object.keys(expected)
      .filter((k) => expected[k] !== 0)
      .sort(),
  );
  for (const [key, p] of Object.entries(expected)) {
    const share = shares[key] ?? 0;
    expect(Math.abs(share - p), `${key} share ${share}, expected ${p}`).toBeLessThanOrEqual(
      shareTolerance(p, traffic.count),
    );
  }
}

/** Istio durations as the API writes them ("7s", "100ms", "1m", "1.5s") in milliseconds. */
export function durationMs(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!m) throw new Error(`not a duration: ${value}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  return Number(m[1]) * unit;
}
