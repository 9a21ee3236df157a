import type { L4Route } from "../kinds/l4Route";
import type { HttpRoute } from "../kinds/virtualService";
import type { SimServicePort } from "../model";
import type { Trace } from "../traceTypes";
import { type EnvoyCall, type EnvoyDecision, fqdnOf, routeSource, serviceHop, vsSource } from "./envoyCall";
import { forwardUpstream } from "./envoyUpstream";
import { l4ChainFor, l4Chains } from "./meshL4";
import { firstRoute, type RouteContext, virtualServiceFor } from "./meshMatch";
import type { TraceBuilder } from "./traceBuilder";

/**
 * Whether Istio treats the port as HTTP (semantics 4.2): ports named for an L4 protocol (tcp,
 * tls, https, mongo, mysql, redis, udp, alone or with a -suffix) are opaque; http*, grpc* and
 * unnamed or unrecognised names are HTTP (an unnamed port is sniffed, and these requests are HTTP).
 */
export function isHttpPort(port: SimServicePort): boolean {
  return !/^(tcp|tls|https|mongo|mysql|redis|udp)(-|$)/.test(port.name ?? "");
}

/** TLS ports get tls routes (by SNI) instead of tcp routes (protocol.IsTLS: HTTPS and TLS). */
export function isTlsPort(port: SimServicePort): boolean {
  return /^(tls|https)(-|$)/.test(port.name ?? "");
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
    source: call.proxy,
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
  if (m.gateways) parts.push(`gateways ${m.gateways.join(", ")}`);
  else if (m.sourceLabels) parts.push(`source labels ${JSON.stringify(m.sourceLabels)}`);
  return `match ${block + 1} (${parts.join(", ") || "conditions"}) holds`;
}

function describeL4Match(route: L4Route, block: number): string {
  const m = route.match[block];
  if (!m) return "it has no match, so it takes every connection";
  const parts: string[] = [];
  if (m.port !== null) parts.push(`port ${m.port}`);
  if (m.sniHosts.length > 0) parts.push(`sniHosts ${m.sniHosts.join(", ")}`);
  if (m.destinationSubnets.length > 0) parts.push(`destinationSubnets ${m.destinationSubnets.join(", ")}`);
  if (m.sourceLabels) parts.push(`source labels ${JSON.stringify(m.sourceLabels)}`);
  return `match ${block + 1} (${parts.join(", ") || "conditions"}) holds`;
}

/** The HTTP route of the VirtualService for the host, first match wins; none matching is 404 (NR). */
function decideHttp(tb: TraceBuilder, call: EnvoyCall, ctx: RouteContext): EnvoyDecision | Trace {
  const fqdn = fqdnOf(call.service, tb.index.cluster.settings.clusterDomain);
  const found = virtualServiceFor(call.mesh, fqdn, call.gateway, call.proxy.namespace);
  if (!found) {
    const why = `no VirtualService for ${fqdn}: the default route`;
    return { vs: null, http: null, l4: null, tcp: false, why, note: "" };
  }
  const note =
    found.shadowed.length > 0
      ? ` VirtualService ${found.shadowed.map((v) => `${v.ref.namespace}/${v.ref.name}`).join(", ")} for the same host is dropped (the oldest wins).`
      : "";
  const hit = firstRoute(found.vs, ctx);
  if (!hit) {
    serviceHop(
      tb,
      call,
      `VirtualService ${found.vs.ref.name} applies to ${fqdn}, but none of its ${found.vs.http.length} routes matches, so Envoy answers 404 (NR).${note}`,
      vsSource(tb, found.vs),
    );
    return tb.fail("not-found", 404);
  }
  const { route } = hit;
  const why = `VirtualService ${found.vs.ref.name} route ${route.index + 1}${route.name ? ` "${route.name}"` : ""}: ${describeMatch(route, hit.block)}`;
  return { vs: found.vs, http: route, l4: null, tcp: false, why, note };
}

/**
 * A port that is not HTTP: the filter chain istiod built for the connection's destination address
 * (and SNI on a TLS port) hands it to a tcp or tls route, or to the Service's own cluster.
 */
function decideL4(tb: TraceBuilder, call: EnvoyCall): EnvoyDecision | Trace {
  const { service, port } = call;
  const fqdn = fqdnOf(service, tb.index.cluster.settings.clusterDomain);
  const tls = isTlsPort(port);
  const chains = l4Chains({
    mesh: call.mesh,
    host: fqdn,
    port: port.port,
    proxy: call.proxy,
    serviceCidrs: service.clusterIP ? [`${service.clusterIP}/32`] : [],
    tls,
  });
  const sni = tls && tb.request.scheme === "https" ? tb.request.host : null;
  const chain = l4ChainFor(chains, call.originalDst ?? service.clusterIP, sni);
  const kind = tls ? "tls" : "tcp";
  const opaque = `port ${port.name ?? port.port} is not HTTP, so only ${kind} routes apply`;
  if (!chain) {
    const wanted = [...new Set(chains.flatMap((c) => c.sniHosts))].join(", ");
    serviceHop(
      tb,
      call,
      `The tls routes for ${fqdn} take SNI ${wanted}, not ${sni ?? "a connection without SNI"} (${opaque}): no filter chain matches, so Envoy closes the connection.`,
      chains[0]?.vs ? vsSource(tb, chains[0].vs, "tls") : undefined,
    );
    return tb.fail("dropped");
  }
  const { vs, route } = chain;
  if (!vs || !route) {
    const some = chains.length > 1 || virtualServiceFor(call.mesh, fqdn, "mesh", call.proxy.namespace);
    const why = `${some ? `no ${kind} route of a VirtualService for ${fqdn} takes this connection` : `no VirtualService for ${fqdn}`} (${opaque}): the default route`;
    return { vs: null, http: null, l4: null, tcp: true, why, note: "" };
  }
  const why = `${kind} route ${route.index + 1} of VirtualService ${vs.ref.name}: ${describeL4Match(route, chain.block)}`;
  return { vs, http: null, l4: route, tcp: true, why, note: "" };
}

/**
 * Envoy in a sidecar or gateway: the VirtualService route (first match; tcp/tls routes on other
 * ports), its direct answers and faults, then the destination, cluster and endpoint
 * (route/envoyUpstream.ts). No kube-proxy: Envoy has the endpoints from istiod (semantics 1.3).
 */
export function routeThroughEnvoy(tb: TraceBuilder, call: EnvoyCall): Trace {
  const ctx = routeContext(tb, call, call.port.port);
  const decided: EnvoyDecision | Trace = call.chosen
    ? { vs: call.chosen.vs, http: call.chosen.route, l4: null, tcp: false, why: call.chosen.why, note: "" }
    : isHttpPort(call.port)
      ? decideHttp(tb, call, ctx)
      : decideL4(tb, call);
  if ("outcome" in decided) return decided;
  const route = decided.http;
  const source = routeSource(tb, decided);
  if (route?.directResponse) {
    serviceHop(
      tb,
      call,
      `${decided.why}; it answers ${route.directResponse.status} itself (directResponse).`,
      source,
    );
    return tb.fail("fault", route.directResponse.status);
  }
  if (route?.redirect) {
    const to = `${route.redirect.authority ?? ctx.authority}${route.redirect.uri ?? ctx.path}`;
    serviceHop(tb, call, `${decided.why}; it redirects with ${route.redirect.code} to ${to}.`, source);
    return tb.fail("redirect", route.redirect.code);
  }
  // Faults are injected by the client-side proxy; no percentage means none (semantics 4.3).
  const abort = route?.fault?.abort;
  if (abort && tb.random() * 100 < abort.percentage) {
    serviceHop(
      tb,
      call,
      `${decided.why}; its fault.abort (${abort.percentage}%) answers ${abort.status} without sending the request on.`,
      source,
    );
    return tb.fail("fault", abort.status);
  }
  const delay = route?.fault?.delay;
  const delayed = delay && tb.random() * 100 < delay.percentage ? delay.ms : 0;
  return forwardUpstream(tb, call, decided, ctx, delayed);
}
