/**
 * Sends requests the way the ingress conformance suites do (to the Ingress's address, with a
 * Host header) and states their expectations against the engine's public contract only:
 * `routeRequest` / `sendTraffic` outcomes, hops and destinations.
 */
import { expect } from "vitest";
import type { analyze } from "../src/engine/analyze";
import { routeRequest } from "../src/engine/trace";
import type { RequestSpec, Trace } from "../src/engine/traceTypes";
import { sendTraffic, type TrafficResult } from "../src/simulation/traffic";

export type Analysis = ReturnType<typeof analyze>;
type ServiceView = Analysis["cluster"]["services"][number];

/** One conformance case: the manifest it analyses and what it checks on the analysis. */
export interface IngressCase {
  name: string;
  files: { name: string; text: string }[];
  run: (analysis: Analysis) => void;
}

/** One seed for every case: traces and traffic runs are reproducible. */
export const SEED = 7;

export interface IngressRequest {
  scheme?: "http" | "https";
  /** Host header; "" sends no name, straight to the controller's address. */
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
}

/** `via` (the entry point, "namespace/name") is new in the engine's RequestSpec. */
type IngressRequestSpec = RequestSpec & { via?: string };

/**
 * The ingress-nginx controller's LoadBalancer Service: ours when the YAML has none (the engine
 * assumes a standard install), i.e. the address an Ingress's status would show.
 */
export function controllerService(analysis: Analysis): ServiceView | undefined {
  return analysis.cluster.services.find((s) => s.namespace === "ingress-nginx" && s.type === "LoadBalancer");
}

/**
 * The conformance suites send every request to the Ingress status address with the Host header
 * set, whether or not public DNS would know that host. `via` pins that entry point, so a host no
 * rule claims still reaches the controller (and gets its 404) instead of failing DNS; a request
 * without a host goes to the controller's IP itself.
 */
export function ingressSpec(analysis: Analysis, request: IngressRequest): IngressRequestSpec {
  const controller = controllerService(analysis);
  if (!controller)
    throw new Error("no ingress-nginx LoadBalancer Service: the engine should assume a controller");
  const scheme = request.scheme ?? "http";
  const cookie = Object.entries(request.cookies ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
  const headers = { ...request.headers, ...(cookie ? { cookie } : {}) };
  const spec: IngressRequestSpec = {
    url: `${scheme}://${request.host || controller.loadBalancerIPs[0]}${request.path}`,
    ...(request.method ? { method: request.method } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
  };
  if (request.host) spec.via = `${controller.namespace}/${controller.name}`;
  return spec;
}

export function sendThroughIngress(analysis: Analysis, request: IngressRequest): Trace {
  return routeRequest(analysis, ingressSpec(analysis, request), { seed: SEED });
}

export function trafficThroughIngress(
  analysis: Analysis,
  request: IngressRequest,
  count: number,
): TrafficResult {
  return sendTraffic(analysis, ingressSpec(analysis, request), count, SEED);
}

/** The backend Service hop the controller chose (the first Service hop after the controller's). */
export function backendHop(trace: Trace) {
  const at = trace.hops.findIndex((h) => h.kind === "ingress-controller");
  return at < 0 ? undefined : trace.hops.slice(at + 1).find((h) => h.kind === "service");
}

/**
 * Served by `service`: delivered through the controller to that Service and to a pod of the
 * Deployment named after it (every harness here names the Deployment after its Service).
 */
export function expectServedBy(trace: Trace, service: string, namespace = "default"): void {
  const hop = backendHop(trace);
  expect({
    status: trace.outcome.status,
    reason: trace.outcome.reason,
    backend: hop && { name: hop.name, namespace: hop.namespace },
    workload: trace.destination?.workload,
  }).toEqual({ status: 200, reason: "delivered", backend: { name: service, namespace }, workload: service });
}

/** An answer the controller gives itself: its 404, 503 or a redirect; no pod sees the request. */
export function expectControllerAnswer(trace: Trace, status: number, reason: string): void {
  expect({
    reachedController: trace.hops.some((h) => h.kind === "ingress-controller"),
    delivered: trace.outcome.delivered,
    status: trace.outcome.status,
    reason: trace.outcome.reason,
    destination: trace.destination,
  }).toEqual({ reachedController: true, delivered: false, status, reason, destination: null });
}

/** A redirect, with the target named in the controller's hop (the last one). */
export function expectRedirect(trace: Trace, status: number, location?: string): void {
  expectControllerAnswer(trace, status, "redirect");
  const last = trace.hops.at(-1);
  expect(last?.kind).toBe("ingress-controller");
  if (location) expect(last?.explanation).toContain(location);
}

/** Workload name -> share of the delivered requests of a traffic run. */
export function sharesByWorkload(traffic: TrafficResult): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const d of traffic.destinations)
    shares[d.workload] = (shares[d.workload] ?? 0) + d.count / traffic.count;
  return shares;
}
