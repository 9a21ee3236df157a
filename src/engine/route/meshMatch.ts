import { istioHostMatches } from "../kinds/istioHost";
import type { RouteDestination } from "../kinds/routeParts";
import type { HttpMatch, HttpRoute, StringMatch } from "../kinds/virtualService";
import type { Mesh, MeshDestinationRule, MeshVirtualService } from "../meshModel";
import type { SimPod } from "../model";

/** What an Envoy route match sees of a request. */
export interface RouteContext {
  path: string;
  query: Record<string, string>;
  scheme: string;
  method: string;
  authority: string;
  /** Lower-cased names. */
  headers: Readonly<Record<string, string>>;
  port: number;
  /**
   * The proxy's own pod: a sidecar's workload, or the gateway pod (istiod matches sourceLabels
   * and sourceNamespace against the labels and namespace of the proxy it builds routes for).
   */
  source: Pick<SimPod, "labels" | "namespace">;
  /** `mesh`, or the `namespace/name` of the Gateway applying the route. */
  gateway: string;
}

const regexCache = new Map<string, RegExp | null>();

/** RE2 as Envoy uses it: the whole string must match. */
function fullRegex(pattern: string): RegExp | null {
  let regex = regexCache.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`);
    } catch {
      regex = null;
    }
    regexCache.set(pattern, regex);
  }
  return regex;
}

/** Istio StringMatch; `prefix` is a plain string prefix, unlike Ingress (semantics 4.3). */
export function stringMatches(match: StringMatch, value: string | undefined, ignoreCase = false): boolean {
  if ("present" in match) return value !== undefined;
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if ("exact" in match) return v === (ignoreCase ? match.exact.toLowerCase() : match.exact);
  if ("prefix" in match) return v.startsWith(ignoreCase ? match.prefix.toLowerCase() : match.prefix);
  return fullRegex(match.regex)?.test(value) ?? false;
}

/**
 * Whether every named condition holds (`holds` true) or none does (false). A `for...in` over the
 * (plain, normalised) record allocates nothing, unlike Object.entries, and this runs for every
 * match block a request is tested against.
 */
function everyNamed(
  conditions: Readonly<Record<string, StringMatch>>,
  values: Readonly<Record<string, string>>,
  holds: boolean,
): boolean {
  for (const name in conditions) {
    const condition = conditions[name];
    if (condition && stringMatches(condition, values[name]) !== holds) return false;
  }
  return true;
}

/**
 * Whether istiod keeps a match block for this proxy (route.go sourceMatchHTTP): a block that
 * lists gateways is kept for those gateways, whatever its sourceLabels say; otherwise its
 * sourceLabels must be among the proxy pod's labels and sourceNamespace its namespace.
 */
export function sourceMatchesHttp(
  match: Pick<HttpMatch, "gateways" | "sourceLabels" | "sourceNamespace">,
  source: Pick<SimPod, "labels" | "namespace">,
  gateway: string,
): boolean {
  if (match.gateways) return match.gateways.includes(gateway);
  if (match.sourceNamespace !== null && match.sourceNamespace !== source.namespace) return false;
  const wanted = match.sourceLabels;
  if (wanted) {
    for (const k in wanted) if (source.labels[k] !== wanted[k]) return false;
  }
  return true;
}

/** One match block: every condition in it must hold (blocks are OR'd by the caller). */
export function httpMatchApplies(match: HttpMatch, ctx: RouteContext): boolean {
  if (match.uri && !stringMatches(match.uri, ctx.path, match.ignoreUriCase)) return false;
  if (match.scheme && !stringMatches(match.scheme, ctx.scheme)) return false;
  if (match.method && !stringMatches(match.method, ctx.method)) return false;
  if (match.authority && !stringMatches(match.authority, ctx.authority)) return false;
  if (match.port !== null && match.port !== ctx.port) return false;
  if (!sourceMatchesHttp(match, ctx.source, ctx.gateway)) return false;
  if (!everyNamed(match.headers, ctx.headers, true)) return false;
  if (!everyNamed(match.withoutHeaders, ctx.headers, false)) return false;
  return everyNamed(match.queryParams, ctx.query, true);
}

/** The first route whose match succeeds: routes are ordered, a route without match takes all. */
export function firstRoute(
  vs: MeshVirtualService,
  ctx: RouteContext,
): { route: HttpRoute; block: number } | null {
  for (const route of vs.http) {
    if (route.match.length === 0) return { route, block: -1 };
    for (let block = 0; block < route.match.length; block++) {
      if (httpMatchApplies(route.match[block] as HttpMatch, ctx)) return { route, block };
    }
  }
  return null;
}

export function visibleFrom(vs: MeshVirtualService, namespace: string | null): boolean {
  if (!vs.exportTo || namespace === null) return true;
  return vs.exportTo.some((e) => e === "*" || (e === "." ? vs.ref.namespace === namespace : e === namespace));
}

/**
 * Objects of the mesh by the hosts they name, built once per list: istiod's configuration is fixed
 * for an analysis and every request asks for its host's VirtualService and DestinationRule, so a
 * scan of every object per request becomes a map lookup. Wildcard hosts (`*`, `*.x`) stay a short
 * list tested in order.
 */
interface HostTable<T> {
  exact: Map<string, T[]>;
  wildcard: T[];
  /** Each object's place in the mesh's list, to merge the two in that order. */
  position: Map<T, number>;
}

const isWildcard = (pattern: string) => pattern === "*" || pattern.startsWith("*.");

function hostTable<T>(items: readonly T[], hostsOf: (item: T) => readonly string[]): HostTable<T> {
  const table: HostTable<T> = { exact: new Map(), wildcard: [], position: new Map() };
  items.forEach((item, i) => {
    table.position.set(item, i);
    for (const host of hostsOf(item)) {
      if (isWildcard(host)) {
        if (table.wildcard.at(-1) !== item) table.wildcard.push(item);
        continue;
      }
      let named = table.exact.get(host);
      if (!named) {
        named = [];
        table.exact.set(host, named);
      }
      if (named.at(-1) !== item) named.push(item);
    }
  });
  return table;
}

/** The objects with a host that covers `name`, in the mesh's order (oldest first). */
function withHost<T>(
  table: HostTable<T>,
  name: string,
  hostsOf: (item: T) => readonly string[],
): readonly T[] {
  const exact = table.exact.get(name) ?? [];
  if (table.wildcard.length === 0) return exact;
  const wild = table.wildcard.filter((item) =>
    hostsOf(item).some((h) => isWildcard(h) && istioHostMatches(h, name)),
  );
  if (wild.length === 0) return exact;
  const merged = [...new Set([...exact, ...wild])];
  return merged.sort((a, b) => (table.position.get(a) ?? 0) - (table.position.get(b) ?? 0));
}

const vsTables = new WeakMap<readonly MeshVirtualService[], HostTable<MeshVirtualService>>();
const drTables = new WeakMap<readonly MeshDestinationRule[], HostTable<MeshDestinationRule>>();
const vsHosts = (vs: MeshVirtualService) => vs.hosts;
const drHosts = (dr: MeshDestinationRule) => [dr.host];

/** The VirtualServices (of any gateway) with a host that covers `host`, oldest first. */
export function virtualServicesWithHost(mesh: Mesh, host: string): readonly MeshVirtualService[] {
  let table = vsTables.get(mesh.virtualServices);
  if (!table) {
    table = hostTable(mesh.virtualServices, vsHosts);
    vsTables.set(mesh.virtualServices, table);
  }
  return withHost(table, host, vsHosts);
}

function destinationRulesWithHost(mesh: Mesh, host: string): readonly MeshDestinationRule[] {
  let table = drTables.get(mesh.destinationRules);
  if (!table) {
    table = hostTable(mesh.destinationRules, drHosts);
    drTables.set(mesh.destinationRules, table);
  }
  return withHost(table, host, drHosts);
}

/**
 * The VirtualService a proxy applies for a host: bound to its gateway (or `mesh`), exported to its
 * namespace, the oldest one first (a later one for a host already seen is dropped, semantics 4.3).
 */
export function virtualServiceFor(
  mesh: Mesh,
  host: string,
  gateway: string,
  namespace: string | null,
): { vs: MeshVirtualService; shadowed: MeshVirtualService[] } | null {
  const all = virtualServicesWithHost(mesh, host).filter(
    (vs) => vs.gateways.includes(gateway) && visibleFrom(vs, namespace),
  );
  const [vs, ...shadowed] = all;
  return vs ? { vs, shadowed } : null;
}

/**
 * The DestinationRule for a host as a client sees it: its own namespace's first, then the
 * Service's, then the root namespace's (semantics 4.4).
 */
export function destinationRuleFor(
  mesh: Mesh,
  host: string,
  clientNamespace: string | null,
  serviceNamespace: string,
): MeshDestinationRule | null {
  const rules = destinationRulesWithHost(mesh, host);
  for (const ns of [clientNamespace, serviceNamespace, mesh.rootNamespace]) {
    const found = rules.find((dr) => dr.ref.namespace === ns);
    if (found) return found;
  }
  return null;
}

/** A weighted pick: each destination gets weight / sum (one destination gets everything). */
export function pickDestination(
  route: { route: readonly RouteDestination[] },
  roll: () => number,
): RouteDestination | null {
  const [first] = route.route;
  if (route.route.length <= 1) return first ?? null;
  const total = route.route.reduce((sum, d) => sum + d.weight, 0);
  if (total <= 0) return first ?? null;
  let r = roll() * total;
  for (const d of route.route) {
    if (r < d.weight) return d;
    r -= d.weight;
  }
  return route.route.at(-1) ?? null;
}
