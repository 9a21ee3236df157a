/**
 * A VirtualService's `http` routes as the Envoy routes istiod makes of them (route/route.go):
 * every match block becomes one route, in order; blocks meant for other ports, gateways or client
 * workloads are left out when the configuration is built, not checked per request.
 */
import type { HttpMatch, HttpRoute, StringMatch } from "../kinds/virtualService";
import type { MeshVirtualService } from "../meshModel";
import type { SimPod, SimService, SimServicePort } from "../model";
import { headerRulesText } from "../route/envoyRequestOps";
import { sourceMatchesHttp } from "../route/meshMatch";
import { type DestinationCluster, destinationCluster, duration, type EnvoyProxy } from "./envoyCommon";

export interface RouteScope {
  /** `mesh` for a sidecar, or the `namespace/name` of the Gateway. */
  gateway: string;
  /** The port of the route configuration: the Service port, or the Gateway server's port. */
  port: number;
  /** The proxy's pod, sourceLabels and sourceNamespace are matched against: the sidecar's or the gateway's. */
  source: Pick<SimPod, "labels" | "namespace">;
  /** The Service and port the request is for, which a destination without a port keeps. */
  from: (route: HttpRoute) => { service: SimService; port: SimServicePort } | null;
}

/** One Envoy route: what it matches, where it comes from, what it does. */
export interface EnvoyRoute {
  match: string;
  origin: string;
  action: string[];
}

export interface VirtualHost {
  name: string;
  domains: string[];
  notes: string[];
  routes: EnvoyRoute[];
}

/** A route configuration and the port of the listener that uses it. */
export interface RouteConfig {
  name: string;
  listener: number;
  hosts: VirtualHost[];
}

/** Virtual hosts in name order, as istiod sorts them (util.SortVirtualHosts). */
export const byName = (a: VirtualHost, b: VirtualHost) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export interface VsRoutes {
  routes: EnvoyRoute[];
  /** Match blocks left out of this proxy's configuration, and why. */
  dropped: string[];
}

function stringMatchText(m: StringMatch): string {
  if ("exact" in m) return `exact ${m.exact}`;
  if ("prefix" in m) return `prefix ${m.prefix}`;
  if ("regex" in m) return `regex ${m.regex}`;
  return "present";
}

/** Envoy's route match: path, prefix or safe_regex, then headers (pseudo-headers included) and query. */
function matchText(m: HttpMatch | null): string {
  const uri = m?.uri;
  const parts = [
    !uri
      ? "prefix /"
      : "exact" in uri
        ? `path ${uri.exact}`
        : "prefix" in uri
          ? `prefix ${uri.prefix}`
          : "regex" in uri
            ? `regex ${uri.regex}`
            : "prefix /",
  ];
  // ignoreUriCase applies to exact and prefix matches only (I-API).
  if (m?.ignoreUriCase && uri && !("regex" in uri)) parts[0] += " (any case)";
  const header = (name: string, s: StringMatch | null) => {
    if (s) parts.push(`header ${name} ${stringMatchText(s)}`);
  };
  header(":scheme", m?.scheme ?? null);
  header(":method", m?.method ?? null);
  header(":authority", m?.authority ?? null);
  for (const [name, s] of Object.entries(m?.headers ?? {})) header(name, s);
  for (const [name, s] of Object.entries(m?.withoutHeaders ?? {}))
    parts.push(`no header ${name} ${stringMatchText(s)}`);
  for (const [name, s] of Object.entries(m?.queryParams ?? {}))
    parts.push(`query ${name} ${stringMatchText(s)}`);
  return parts.join(", ");
}

/** Why istiod leaves a match block out of this proxy's routes, or null when it keeps it. */
function droppedBecause(m: HttpMatch, scope: RouteScope): string | null {
  if (m.port !== null && m.port !== scope.port) return `it is for port ${m.port}`;
  if (sourceMatchesHttp(m, scope.source, scope.gateway)) return null;
  if (m.gateways) return `it is for ${m.gateways.join(", ")}`;
  if (m.sourceNamespace !== null && m.sourceNamespace !== scope.source.namespace)
    return `it is for clients in namespace ${m.sourceNamespace}`;
  const wanted = Object.entries(m.sourceLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  return `it is for clients labelled ${wanted.join(",")}`;
}

function percent(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}

function clusterText(c: DestinationCluster): string {
  return c.missing ? `${c.name} (no such cluster: ${c.missing}; 503 NC)` : c.name;
}

/** Where the route sends a request: one cluster, weighted clusters, a redirect or a direct response. */
function actionLines(proxy: EnvoyProxy, route: HttpRoute, scope: RouteScope): string[] {
  if (route.redirect) {
    const { authority, uri, code } = route.redirect;
    return [
      `→ redirect ${code} to ${authority ? `host ${authority}` : "the same host"}, ${uri ? `path ${uri}` : "the same path"}`,
    ];
  }
  if (route.directResponse) return [`→ direct response ${route.directResponse.status}`];
  const from = scope.from(route);
  // istiod leaves out weight-0 destinations when the route has others (route.go).
  const kept = route.route.length > 1 ? route.route.filter((d) => d.weight > 0) : route.route;
  const [only] = kept;
  if (!only) return ["→ no destination"];
  if (kept.length === 1)
    return [`→ ${clusterText(destinationCluster(proxy, only, from))}`, ...destinationHeaders(only, "  ")];
  const total = kept.reduce((sum, d) => sum + d.weight, 0);
  return kept.flatMap((d, i) => [
    `${i === 0 ? "→" : " "} ${percent((d.weight / total) * 100)} ${clusterText(destinationCluster(proxy, d, from))}`,
    ...destinationHeaders(d, "    "),
  ]);
}

/** A destination's own header operations, under its cluster (on the weighted cluster, or merged into the route). */
function destinationHeaders(d: HttpRoute["route"][number], indent: string): string[] {
  return headerRulesText(d.headers, "this destination").map((t) => `${indent}${t}`);
}

/** Faults, rewrites, timeouts, retries and mirrors: only what the VirtualService sets. */
function extraLines(proxy: EnvoyProxy, route: HttpRoute, scope: RouteScope): string[] {
  const lines: string[] = [];
  const delay = route.fault?.delay;
  const abort = route.fault?.abort;
  // No percentage means no request is faulted (semantics 4.3).
  const share = (p: number) =>
    p > 0 ? `for ${percent(p)} of requests` : "for no request (no percentage set)";
  if (delay) lines.push(`fault: delay ${duration(delay.ms)} ${share(delay.percentage)}`);
  if (abort) lines.push(`fault: abort ${abort.status} ${share(abort.percentage)}`);
  const rewrite = route.rewrite;
  if (rewrite?.uri)
    lines.push(`rewrite: path ${rewrite.uri} (replaces a matched prefix, else the whole path)`);
  if (rewrite?.authority) lines.push(`rewrite: host ${rewrite.authority}`);
  if (route.timeoutMs !== null)
    lines.push(`timeout ${route.timeoutMs > 0 ? duration(route.timeoutMs) : "none (0s)"}`);
  const retries = route.retries;
  if (retries) {
    const n = retries.attempts;
    const perTry = retries.perTryTimeoutMs ? `, perTryTimeout ${duration(retries.perTryTimeoutMs)}` : "";
    const codes = retries.statusCodes.length > 0 ? ` (status ${retries.statusCodes.join(", ")})` : "";
    lines.push(
      n === 0
        ? "retries: none"
        : `retries: ${n} (up to ${n + 1} tries) on ${retries.retryOn.join(",")}${codes}${perTry}`,
    );
  }
  lines.push(...headerRulesText(route.headers, "route"));
  for (const m of route.mirrors) {
    const target = destinationCluster(proxy, m, scope.from(route));
    lines.push(
      m.percentage > 0
        ? `mirror ${percent(m.percentage)} (fire and forget, Host gets -shadow) to ${clusterText(target)}`
        : `mirror 0% to ${target.name}: istiod leaves it out`,
    );
  }
  return lines;
}

/** The Envoy routes one VirtualService gives this proxy, in order, and the blocks it leaves out. */
export function vsRoutes(proxy: EnvoyProxy, vs: MeshVirtualService, scope: RouteScope): VsRoutes {
  const name = `VirtualService ${vs.ref.namespace}/${vs.ref.name}`;
  const routes: EnvoyRoute[] = [];
  const dropped: string[] = [];
  for (const route of vs.http) {
    const at = `${name} route ${route.index + 1}${route.name ? ` "${route.name}"` : ""}`;
    const action = [...actionLines(proxy, route, scope), ...extraLines(proxy, route, scope)];
    if (route.match.length === 0) {
      routes.push({ match: matchText(null), origin: at, action });
      continue;
    }
    route.match.forEach((m, block) => {
      const where = route.match.length > 1 ? `${at}, match ${block + 1}` : at;
      const why = droppedBecause(m, scope);
      if (why) dropped.push(`${where} is left out: ${why}.`);
      else routes.push({ match: matchText(m), origin: where, action });
    });
  }
  return { routes, dropped };
}

/** Numbered, with the action indented under its match. */
export function routeLines(routes: readonly EnvoyRoute[], indent: string): string[] {
  return routes.flatMap((r, i) => {
    const n = `${i + 1}. `;
    const pad = `${indent}${" ".repeat(n.length)}`;
    return [`${indent}${n}${r.match}   [${r.origin}]`, ...r.action.map((a) => `${pad}${a}`)];
  });
}
