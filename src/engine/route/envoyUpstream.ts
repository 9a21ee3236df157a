/**
 * From a route decision to a pod: the weighted destination, its Envoy cluster (DestinationRule
 * subset, load balancer, TLS), the tries (route/envoyTimeouts.ts), then delivery with what the
 * route does to the request on the way (route/envoyRequestOps.ts).
 */
import type { LoadBalancer } from "../kinds/destinationRule";
import { istioHostMatches } from "../kinds/istioHost";
import { ISTIO_DEFAULT_RETRIES } from "../kinds/routeParts";
import type { HttpRoute } from "../kinds/virtualService";
import type { SimEndpoint } from "../model";
import { stableHash } from "../random";
import type { Trace } from "../traceTypes";
import { deliver } from "./deliver";
import { type EnvoyCall, type EnvoyDecision, fqdnOf, routeSource, serviceHop } from "./envoyCall";
import { destinationPort, envoyClusterName, serviceOfHost } from "./envoyCluster";
import { headerOperations, mirrorNote, NO_HEADER_OPERATIONS } from "./envoyRequestOps";
import { callUpstream } from "./envoyTimeouts";
import { seconds } from "./latency";
import { destinationRuleFor, pickDestination, type RouteContext } from "./meshMatch";
import type { TraceBuilder } from "./traceBuilder";

export function forwardUpstream(
  tb: TraceBuilder,
  call: EnvoyCall,
  decided: EnvoyDecision,
  ctx: RouteContext,
  delayed: number,
): Trace {
  const { mesh, proxy, gateway, service, port } = call;
  const { index } = tb;
  const domain = index.cluster.settings.clusterDomain;
  const route = decided.http;
  const { tcp } = decided;
  const source = routeSource(tb, decided);
  const weighted = decided.http ?? decided.l4;
  const destination = weighted ? pickDestination(weighted, tb.random) : null;
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
      `${decided.why} → ${destination.host}, which ServiceEntry ${entry.ref.name} puts in the registry (${entry.location}): Envoy sends it to cluster outbound|${destPortNumber}||${destination.host}.`,
      source,
    );
    tb.hop({
      kind: "external",
      name: destination.host,
      address: `${destination.host}:${destPortNumber}`,
      explanation: `The request leaves the mesh for ${destination.host}:${destPortNumber}; what answers there is outside the simulation.`,
    });
    return tb.fail("external");
  }
  const status = tcp ? null : 503;
  if (destination && !target) {
    serviceHop(
      tb,
      call,
      `${decided.why} → ${destination.host}, which is neither a Service nor a ServiceEntry, so Envoy has no cluster for it: ${unavailable(tcp, "NC")}.`,
      source,
    );
    return tb.fail("no-cluster", status);
  }
  const dest = target ?? service;
  const destPort = destinationPort(dest, destination?.port ?? null, { service, port });
  const destFqdn = fqdnOf(dest, domain);
  const rule = destinationRuleFor(mesh, destFqdn, proxy.namespace, dest.namespace);
  const subsetName = destination?.subset ?? null;
  const subset = subsetName ? rule?.subsets.find((s) => s.name === subsetName) : undefined;
  const cluster = envoyClusterName("outbound", destPort?.port ?? port.port, subsetName, destFqdn);
  const originalDst = call.originalDst && dest === service ? call.originalDst : null;
  const decision = decided.vs
    ? `${decided.why} → ${destFqdn}${subsetName ? ` subset ${subsetName}` : ""}`
    : originalDst
      ? decided.why
      : `${decided.why} to all its endpoints`;
  if (!destPort) {
    serviceHop(
      tb,
      call,
      `${decision}, but ${dest.name} has no such port: ${unavailable(tcp, "NC")}.`,
      source,
    );
    return tb.fail("no-cluster", status);
  }
  if (subsetName && !subset) {
    serviceHop(
      tb,
      call,
      `${decision}, but ${rule ? `DestinationRule ${rule.ref.name} has no subset ${subsetName}` : `no DestinationRule for ${destFqdn} defines subset ${subsetName}`}, so cluster ${cluster} does not exist: ${unavailable(tcp, "NC")}.`,
      source,
    );
    return tb.fail("no-cluster", status);
  }
  const ready = originalDst
    ? [originalEndpoint(tb, originalDst)]
    : (index.cluster.endpoints[dest.key] ?? [])
        .find((e) => e.portIndex === destPort.index)
        ?.endpoints.filter((e) => e.ready && matchesSubset(tb, e, subset?.labels));
  if (!ready || ready.length === 0) {
    serviceHop(
      tb,
      call,
      `${decision}; cluster ${cluster} has no healthy endpoint${subset ? ` (no ready pod has ${JSON.stringify(subset.labels)})` : ""}: ${unavailable(tcp, "UH")}.`,
      source,
    );
    return tb.fail("no-endpoints", status);
  }
  const lb = subset?.trafficPolicy?.loadBalancer ??
    rule?.trafficPolicy?.loadBalancer ?? { simple: "LEAST_REQUEST" as const };
  const balanced = originalDst
    ? { endpoint: ready[0] as SimEndpoint, how: "" }
    : balance(tb, cluster, ready, lb);
  // Envoy shadows the request as it sends it upstream, whatever the primary's answer.
  const mirrored =
    route && route.mirrors.length > 0
      ? mirrorNote(tb, route.mirrors, { service, port, clientNamespace: proxy.namespace }, ctx.authority)
      : "";
  const upstream = callUpstream(tb, {
    ready,
    first: balanced.endpoint,
    // Istio leaves out the previous_hosts predicate under consistent hashing (retry.go).
    otherHosts: !originalDst && !("consistentHash" in lb),
    policy: tcp ? null : (route?.retries ?? ISTIO_DEFAULT_RETRIES),
    timeoutMs: tcp ? null : (route?.timeoutMs ?? null),
    tcp,
  });
  const serviceSource =
    source ?? index.sourceOf("Service", dest.namespace, dest.name, ["spec", "ports", destPort.index]);
  const fault =
    delayed > 0
      ? ` fault.delay (${route?.fault?.delay?.percentage}%) holds the request ${seconds(delayed)} first${route?.timeoutMs ? " (before the route timeout starts)" : ""}.`
      : "";
  if (!upstream.endpoint) {
    serviceHop(
      tb,
      call,
      `${decision}: Envoy sends it to cluster ${cluster}; ${upstream.story}.${fault}${mirrored}${decided.note}`,
      serviceSource,
      delayed + upstream.spentMs,
      dest,
    );
    if (upstream.end === "timeout") return tb.fail("upstream-timeout", 504);
    return tcp ? tb.fail("connection-refused") : tb.fail("retries-exhausted", 503);
  }
  const { endpoint } = upstream;
  const chosen = balanced.endpoint;
  const sends = originalDst
    ? `cluster ${cluster} is ORIGINAL_DST (a headless Service): Envoy does no load balancing and keeps the address the client resolved, ${chosen.ip}:${chosen.port}`
    : `Envoy sends it to cluster ${cluster}, ${balanced.how} over ${ready.length} endpoint${ready.length === 1 ? "" : "s"} → ${chosen.ip}:${chosen.port}`;
  const retried = upstream.story ? `; ${upstream.story}` : "";
  const timeout = route?.timeoutMs ? ` Route timeout ${seconds(route.timeoutMs)}.` : "";
  const headers = route ? headerOperations(tb, route, destination) : NO_HEADER_OPERATIONS;
  serviceHop(
    tb,
    call,
    `${decision}${rule ? ` (DestinationRule ${rule.ref.name})` : ""}: ${sends}${retried}; kube-proxy is not involved.${fault}${timeout}${headers.note}${mirrored}${decided.note}`,
    serviceSource,
    delayed + upstream.spentMs,
    dest,
  );
  const { pathname: path, query } = tb.request;
  const rewritten = rewrite(route, decided.vs ? firstBlockPrefix(route, ctx) : null, path);
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
    headers: headers.headers ?? undefined,
  });
}

/** A TCP proxy has no status to answer with: where an HTTP route gets a 503, the connection closes. */
function unavailable(tcp: boolean, flag: string): string {
  return tcp ? `Envoy closes the connection (${flag})` : `503 (${flag})`;
}

/** The address a headless Service's client connected to, as an endpoint of the ORIGINAL_DST cluster. */
function originalEndpoint(tb: TraceBuilder, ip: string): SimEndpoint {
  const pod = tb.index.podByIP.get(ip);
  return {
    ip,
    port: tb.request.port,
    ready: true,
    podKey: pod?.key ?? null,
    nodeName: pod?.nodeName ?? null,
    hostname: null,
  };
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
