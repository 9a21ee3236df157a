/**
 * What the Envoy stages share: the call a proxy is routing, the decision its route made, and the
 * Service hop where both are explained.
 */
import type { L4Route } from "../kinds/l4Route";
import type { HttpRoute } from "../kinds/virtualService";
import type { Mesh, MeshVirtualService } from "../meshModel";
import type { SimPod, SimService, SimServicePort } from "../model";
import { LATENCY_MS } from "./latency";
import type { TraceBuilder } from "./traceBuilder";

/** A proxy about to route a request: a client's sidecar (`mesh`) or an ingress gateway pod. */
export interface EnvoyCall {
  mesh: Mesh;
  proxy: SimPod;
  /** `mesh` or the Gateway's `namespace/name`. */
  gateway: string;
  /** The Service the request is for (a sidecar knows it from the intercepted address). */
  service: SimService;
  port: SimServicePort;
  /** A gateway has chosen the route already. */
  chosen?: { vs: MeshVirtualService; route: HttpRoute; why: string };
  /**
   * The pod IP the client resolved for a headless Service: Envoy's cluster for it is
   * ORIGINAL_DST, so the connection keeps that address (no load balancing by Envoy).
   */
  originalDst?: string;
}

/** What the proxy decided to do with the request before it picks a destination. */
export interface EnvoyDecision {
  vs: MeshVirtualService | null;
  /** The HTTP route taken, or null (an L4 route, or the default route). */
  http: HttpRoute | null;
  /** The tcp or tls route taken. */
  l4: L4Route | null;
  /** The connection is proxied as TCP (the port is not HTTP): no status codes, retries or headers. */
  tcp: boolean;
  /** Which rule decided, for the Service hop (`VirtualService x route 2: match 1 (...) holds`). */
  why: string;
  /** Ends the Service hop: VirtualServices dropped for the same host. */
  note: string;
}

export function fqdnOf(service: SimService, clusterDomain: string): string {
  return `${service.name}.${service.namespace}.svc.${clusterDomain}`;
}

export function vsSource(tb: TraceBuilder, vs: MeshVirtualService, list: "http" | "tcp" | "tls" = "http") {
  return tb.index.sourceOf("VirtualService", vs.ref.namespace, vs.ref.name, ["spec", list]);
}

/** The line of the route that decided, if a VirtualService route did. */
export function routeSource(tb: TraceBuilder, decided: EnvoyDecision) {
  const route = decided.http ?? decided.l4;
  const { vs } = decided;
  return vs && route
    ? tb.index.sourceOf("VirtualService", vs.ref.namespace, vs.ref.name, route.field)
    : undefined;
}

/** The destination Service's hop, where the VirtualService and DestinationRule decisions are explained. */
export function serviceHop(
  tb: TraceBuilder,
  call: Pick<EnvoyCall, "service">,
  explanation: string,
  source: ReturnType<TraceBuilder["index"]["sourceOf"]>,
  delayMs = 0,
  service: SimService = call.service,
): void {
  tb.hop({
    kind: "service",
    name: service.name,
    namespace: service.namespace,
    explanation,
    delayMs: LATENCY_MS.kubeProxy + delayMs,
    ...(source ? { source } : {}),
  });
}
