import type { LoadBalancer } from "../kinds/destinationRule";
import { istioHostMatches } from "../kinds/istioHost";
import type { HttpRoute } from "../kinds/virtualService";
import type { Mesh, MeshVirtualService } from "../meshModel";
import type { SimEndpoint, SimPod, SimService, SimServicePort } from "../model";
import { stableHash } from "../random";
import type { Trace } from "../traceTypes";
import type { ClusterIndex } from "./clusterIndex";
import { deliver, listensOn } from "./deliver";
import { LATENCY_MS } from "./latency";
import {
  destinationRuleFor,
  firstRoute,
  pickDestination,
  type RouteContext,
  virtualServiceFor,
} from "./meshMatch";
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
}

/** Ports Istio routes as HTTP: named http, http2, grpc or grpc-web, alone or with a -suffix (semantics 4.2). */
/**
 * Whether Istio treats the port as HTTP (semantics 4.2): ports named for an L4 protocol (tcp,
 * tls, https, mongo, mysql, redis, udp, alone or with a -suffix) are opaque; http*, grpc* and
 * unnamed or unrecognised names are HTTP (an unnamed port is sniffed, and these requests are HTTP).
 */
export function isHttpPort(port: SimServicePort): boolean {
  return !/^(tcp|tls|https|mongo|mysql|redis|udp)(-|$)/.test(port.name ?? "");
}

export function fqdnOf(service: SimService, clusterDomain: string): string {
  return `${service.name}.${service.namespace}.svc.${clusterDomain}`;
}

export function routeContext(
  tb: TraceBuilder,
  call: Pick<EnvoyCall, "proxy" | "gateway">,
  port: number,
): RouteContext {
  const { request } = tb;
  return {
    path: request.pathname,
    query: request.queryParams,
    scheme: request.scheme,
    method: request.method,
    authority: request.headers.host ?? request.host,
    headers: request.headers,
    port,
    source: call.gateway === "mesh" ? call.proxy : null,
    gateway: call.gateway,
  };
}

/**
 * `uri prefix /api`. Not a closure in describeMatch, which every routed request calls: tsx (the
 * CLI, the bench) names each closure it creates with defineProperty, about a microsecond.
 */
function matchText(what: string, s: object): string {
  return `${what} ${Object.entries(s)[0]?.join(" ") ?? ""}`;
}

function describeMatch(route: HttpRoute, block: number): string {
  if (block < 0) return "it has no match, so it takes every request";
  const m = route.match[block];
  if (!m) return "";
  const parts: string[] = [];
  if (m.uri) parts.push(matchText("uri", m.uri));
  for (const [name, s] of Object.entries(m.headers)) parts.push(matchText(`header ${name}`, s));
  if (m.method) parts.push(matchText("method", m.method));
  if (m.sourceLabels) parts.push(`source labels ${JSON.stringify(m.sourceLabels)}`);
  return `match ${block + 1} (${parts.join(", ") || "conditions"}) holds`;
}

/**
 * Envoy in a sidecar or gateway: the VirtualService route (first match), faults, the weighted
 * destination, the DestinationRule subset and its load balancer, then straight to a pod endpoint
 * (no kube-proxy: Envoy has the endpoints from istiod, semantics 1.3).
 */
export function routeThroughEnvoy(tb: TraceBuilder, call: EnvoyCall): Trace {
  const { mesh, proxy, gateway, service, port } = call;
  const { index } = tb;
  const domain = index.cluster.settings.clusterDomain;
  const fqdn = fqdnOf(service, domain);
  const ctx = routeContext(tb, call, port.port);
  const http = isHttpPort(port);
  let decided = call.chosen ?? null;
  let shadowNote = "";
  if (!decided && http) {
    const found = virtualServiceFor(mesh, fqdn, gateway, proxy.namespace);
    if (found) {
      if (found.shadowed.length > 0) {
        shadowNote = ` VirtualService ${found.shadowed.map((v) => `${v.ref.namespace}/${v.ref.name}`).join(", ")} for the same host is dropped (the oldest wins).`;
      }
      const hit = firstRoute(found.vs, ctx);
      if (!hit) {
        serviceHop(
          tb,
          call,
          `VirtualService ${found.vs.ref.name} applies to ${fqdn}, but none of its ${found.vs.http.length} routes matches, so Envoy answers 404 (NR).${shadowNote}`,
          vsSource(tb, found.vs),
        );
        return tb.fail("not-found", 404);
      }
      decided = {
        vs: found.vs,
        route: hit.route,
        why: `VirtualService ${found.vs.ref.name} route ${hit.route.index + 1}${hit.route.name ? ` "${hit.route.name}"` : ""}: ${describeMatch(hit.route, hit.block)}`,
      };
    }
  }
  const route = decided?.route ?? null;
  if (route?.directResponse) {
    serviceHop(
      tb,
      call,
      `${decided?.why}; it answers ${route.directResponse.status} itself (directResponse).`,
      routeSource(tb, decided?.vs, route),
    );
    return tb.fail("fault", route.directResponse.status);
  }
  if (route?.redirect) {
    const to = `${route.redirect.authority ?? ctx.authority}${route.redirect.uri ?? ctx.path}`;
    serviceHop(
      tb,
      call,
      `${decided?.why}; it redirects with ${route.redirect.code} to ${to}.`,
      routeSource(tb, decided?.vs, route),
    );
    return tb.fail("redirect", route.redirect.code);
  }
  // Faults are injected by the client-side proxy; no percentage means none (semantics 4.3).
  const abort = route?.fault?.abort;
  if (abort && tb.random() * 100 < abort.percentage) {
    serviceHop(
      tb,
      call,
      `${decided?.why}; its fault.abort (${abort.percentage}%) answers ${abort.status} without sending the request on.`,
      routeSource(tb, decided?.vs, route ?? undefined),
    );
    return tb.fail("fault", abort.status);
  }
  const delay = route?.fault?.delay;
  const delayed = delay && tb.random() * 100 < delay.percentage ? delay.ms : 0;

  const destination = route ? pickDestination(route, tb.random) : null;
  const target = destination ? serviceOfHost(index, destination.host) : service;
  const entry =
    destination && !target
      ? mesh.serviceEntries.find((se) => se.hosts.some((h) => istioHostMatches(h, destination.host)))
      : undefined;
  if (destination && entry) {
    // A ServiceEntry host is a cluster of its own: Envoy sends the request out of the mesh to it.
    const destPortNumber = destination.port ?? tb.request.port;
    serviceHop(
      tb,
      call,
      `${decided?.why} → ${destination.host}, which ServiceEntry ${entry.ref.name} puts in the registry (${entry.location}): Envoy sends it to cluster outbound|${destPortNumber}||${destination.host}.`,
      routeSource(tb, decided?.vs, route ?? undefined),
    );
    tb.hop({
      kind: "external",
      name: destination.host,
      address: `${destination.host}:${destPortNumber}`,
      explanation: `The request leaves the mesh for ${destination.host}:${destPortNumber}; what answers there is outside the simulation.`,
    });
    return tb.fail("external");
  }
  if (destination && !target) {
    serviceHop(
      tb,
      call,
      `${decided?.why} → ${destination.host}, which is neither a Service nor a ServiceEntry, so Envoy has no cluster for it: 503 (NC).`,
      routeSource(tb, decided?.vs, route ?? undefined),
    );
    return tb.fail("no-cluster", 503);
  }
  const dest = target ?? service;
  // A destination port the Service does not have names a cluster that does not exist.
  const destPort = destination?.port
    ? dest.ports.find((p) => p.port === destination.port)
    : dest === service
      ? port
      : dest.ports.length === 1
        ? dest.ports[0]
        : dest.ports.find((p) => p.port === port.port);
  const destFqdn = fqdnOf(dest, domain);
  const rule = destinationRuleFor(mesh, destFqdn, proxy.namespace, dest.namespace);
  const subsetName = destination?.subset ?? null;
  const subset = subsetName ? rule?.subsets.find((s) => s.name === subsetName) : undefined;
  const cluster = `outbound|${destPort?.port ?? port.port}|${subsetName ?? ""}|${destFqdn}`;
  const decision = decided
    ? `${decided.why} → ${destFqdn}${subsetName ? ` subset ${subsetName}` : ""}`
    : `no VirtualService for ${fqdn}${http ? "" : ` (port ${port.name ?? port.port} is not HTTP, so only TCP routing applies)`}: the default route to all its endpoints`;
  if (!destPort) {
    serviceHop(
      tb,
      call,
      `${decision}, but ${dest.name} has no such port: 503 (NC).`,
      routeSource(tb, decided?.vs, route ?? undefined),
    );
    return tb.fail("no-cluster", 503);
  }
  if (subsetName && !subset) {
    serviceHop(
      tb,
      call,
      `${decision}, but ${rule ? `DestinationRule ${rule.ref.name} has no subset ${subsetName}` : `no DestinationRule for ${destFqdn} defines subset ${subsetName}`}, so cluster ${cluster} does not exist: 503 (NC).`,
      routeSource(tb, decided?.vs, route ?? undefined),
    );
    return tb.fail("no-cluster", 503);
  }
  const ready = (index.cluster.endpoints[dest.key] ?? [])
    .find((e) => e.portIndex === destPort.index)
    ?.endpoints.filter((e) => e.ready && matchesSubset(tb, e, subset?.labels));
  if (!ready || ready.length === 0) {
    serviceHop(
      tb,
      call,
      `${decision}; cluster ${cluster} has no healthy endpoint${subset ? ` (no ready pod has ${JSON.stringify(subset.labels)})` : ""}: 503 (UH).`,
      routeSource(tb, decided?.vs, route ?? undefined),
    );
    return tb.fail("no-endpoints", 503);
  }
  const lb = subset?.trafficPolicy?.loadBalancer ??
    rule?.trafficPolicy?.loadBalancer ?? { simple: "LEAST_REQUEST" as const };
  const balanced = balance(tb, cluster, ready, lb);
  const tried = tryEndpoints(tb, ready, balanced.endpoint, route?.retries?.attempts ?? DEFAULT_RETRIES);
  if (!tried.endpoint) {
    serviceHop(
      tb,
      call,
      `${decision}: Envoy connects to ${tried.refused.join(", ")} of cluster ${cluster}, and no pod listens on that port; after ${tried.refused.length} tries (retry on connect-failure) it answers 503 (UF,URX).`,
      routeSource(tb, decided?.vs, route ?? undefined) ??
        tb.index.sourceOf("Service", dest.namespace, dest.name, ["spec", "ports", destPort.index]),
      delayed,
      dest,
    );
    return tb.fail("retries-exhausted", 503);
  }
  const endpoint = tried.endpoint;
  const how =
    tried.refused.length > 0
      ? `${balanced.how}; ${tried.refused.join(", ")} refused the connection, so Envoy retried on another host`
      : balanced.how;
  const timeout = route?.timeoutMs ? ` Route timeout ${route.timeoutMs / 1000} s.` : "";
  const fault =
    delayed > 0 ? ` fault.delay (${delay?.percentage}%) holds the request ${delayed / 1000} s first.` : "";
  serviceHop(
    tb,
    call,
    `${decision}${rule ? ` (DestinationRule ${rule.ref.name})` : ""}: Envoy sends it to cluster ${cluster}, ${how} over ${ready.length} endpoint${ready.length === 1 ? "" : "s"} → ${endpoint.ip}:${endpoint.port}; kube-proxy is not involved.${fault}${timeout}${shadowNote}`,
    routeSource(tb, decided?.vs, route ?? undefined) ??
      tb.index.sourceOf("Service", dest.namespace, dest.name, ["spec", "ports", destPort.index]),
    delayed,
    dest,
  );
  const { pathname: path, query } = tb.request;
  const rewritten = rewrite(route, decided?.vs ? firstBlockPrefix(route, ctx) : null, path);
  const server = endpoint.podKey ? index.podByKey.get(endpoint.podKey) : undefined;
  // Auto mTLS: Envoy uses mTLS towards pods that have a sidecar, unless a DestinationRule says DISABLE.
  const tlsMode = subset?.trafficPolicy?.tlsMode ?? rule?.trafficPolicy?.tlsMode ?? null;
  const mtls = tlsMode === "ISTIO_MUTUAL" || (tlsMode === null && server?.sidecar === true);
  return deliver(tb, {
    endpoint,
    fromNode: proxy.nodeName,
    seenFrom: `${proxy.ip}, the ${gateway === "mesh" ? "client's sidecar" : "gateway pod"}${mtls ? " over mTLS" : ""}`,
    path: rewritten + (query ? `?${query}` : ""),
    mtls,
  });
}

/** Istio's default retry policy: 2 retries (3 tries) on connect-failure, each to a different host. */
const DEFAULT_RETRIES = 2;

/**
 * Envoy's tries: the balanced endpoint first, then others (Istio sets previous_hosts), until one
 * has a pod listening on the port or the retries run out.
 */
function tryEndpoints(
  tb: TraceBuilder,
  ready: readonly SimEndpoint[],
  first: SimEndpoint,
  retries: number,
): { endpoint: SimEndpoint | null; refused: string[] } {
  const order = [first, ...ready.filter((e) => e !== first)].slice(0, 1 + Math.max(0, retries));
  const refused: string[] = [];
  for (const e of order) {
    const pod = e.podKey ? tb.index.podByKey.get(e.podKey) : undefined;
    if (!pod || listensOn(pod, e.port)) return { endpoint: e, refused };
    refused.push(`${e.ip}:${e.port}`);
  }
  return { endpoint: null, refused };
}

/** The Service a fully qualified host (`name.namespace.svc.<domain>`) names, if any. */
export function serviceOfHost(index: ClusterIndex, host: string): SimService | undefined {
  const suffix = `.svc.${index.cluster.settings.clusterDomain}`;
  if (!host.endsWith(suffix)) return undefined;
  const [name, namespace] = host.slice(0, -suffix.length).split(".");
  return name && namespace ? index.serviceByName.get(`${namespace}/${name}`) : undefined;
}

function matchesSubset(
  tb: TraceBuilder,
  e: SimEndpoint,
  labels: Record<string, string> | undefined,
): boolean {
  if (!labels) return true;
  const pod = e.podKey ? tb.index.podByKey.get(e.podKey) : undefined;
  return !!pod && Object.entries(labels).every(([k, v]) => pod.labels[k] === v);
}

/** The prefix a uri prefix match consumed, for `rewrite.uri` (which then replaces only that prefix). */
function firstBlockPrefix(route: HttpRoute | null, ctx: RouteContext): string | null {
  const m = route?.match.find((b) => b.uri && "prefix" in b.uri && ctx.path.startsWith(b.uri.prefix));
  return m?.uri && "prefix" in m.uri ? m.uri.prefix : null;
}

function rewrite(route: HttpRoute | null, matchedPrefix: string | null, path: string): string {
  const uri = route?.rewrite?.uri;
  if (uri === undefined || uri === null) return path;
  return matchedPrefix !== null ? uri + path.slice(matchedPrefix.length) : uri;
}

/** The i-th endpoint, round the list (not a closure in balance, for the reason at matchText). */
function endpointAt(ready: readonly SimEndpoint[], i: number): SimEndpoint {
  return ready[i % ready.length] as SimEndpoint;
}

/** Envoy's load balancers, as a stand-in: LEAST_REQUEST on idle endpoints is a random pick among equals. */
function balance(
  tb: TraceBuilder,
  cluster: string,
  ready: readonly SimEndpoint[],
  lb: LoadBalancer,
): { endpoint: SimEndpoint; how: string } {
  if ("consistentHash" in lb) {
    const by = lb.consistentHash;
    const key =
      "header" in by
        ? (tb.request.headers[by.header] ?? "")
        : "cookie" in by
          ? (tb.request.headers.cookie ?? "")
          : "sourceIp" in by
            ? tb.request.source.clientIP
            : tb.request.path;
    return { endpoint: endpointAt(ready, stableHash(key)), how: "consistent hash (ring hash)" };
  }
  if (lb.simple === "ROUND_ROBIN") {
    const key = `envoy:${cluster}`;
    const next = tb.state.roundRobin.get(key) ?? Math.floor(tb.random() * ready.length);
    tb.state.roundRobin.set(key, next + 1);
    return { endpoint: endpointAt(ready, next), how: "ROUND_ROBIN" };
  }
  const how =
    lb.simple === "RANDOM" ? "RANDOM" : "LEAST_REQUEST (the default; idle endpoints tie, so a random one)";
  return { endpoint: endpointAt(ready, Math.floor(tb.random() * ready.length)), how };
}

function vsSource(tb: TraceBuilder, vs: MeshVirtualService) {
  return tb.index.sourceOf("VirtualService", vs.ref.namespace, vs.ref.name, ["spec", "http"]);
}

function routeSource(tb: TraceBuilder, vs: MeshVirtualService | undefined, route: HttpRoute | undefined) {
  return vs && route
    ? tb.index.sourceOf("VirtualService", vs.ref.namespace, vs.ref.name, route.field)
    : undefined;
}

/** The destination Service's hop, where the VirtualService and DestinationRule decisions are explained. */
function serviceHop(
  tb: TraceBuilder,
  call: EnvoyCall,
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
