/**
 * Which earlier route of a VirtualService takes every request a later one would match: Envoy tries
 * `http[]` in order and stops at the first match (semantics 4.3), so such a route is dead. Like
 * istiod's validation (IST0130 VirtualServiceUnreachableRule), but beyond identical matches it
 * also sees a narrower match behind a wider one (`prefix: /api` before `exact: /api/v1`). It only
 * answers "covered" when that is certain; regexes are compared as text.
 */
import type { HttpMatch, HttpRoute, StringMatch } from "../kinds/virtualService";

/** A route without `match` is one block that matches everything. */
const EVERYTHING = null;
type Block = HttpMatch | typeof EVERYTHING;

function blocksOf(route: HttpRoute): Block[] {
  return route.match.length > 0 ? route.match : [EVERYTHING];
}

/** `prefix: /`, `prefix: ""` and `regex: .*` hold for every path. */
function uriMatchesAll(m: StringMatch | null): boolean {
  if (m === null) return true;
  if ("prefix" in m) return m.prefix === "" || m.prefix === "/";
  return "regex" in m && (m.regex === ".*" || m.regex === "^.*$");
}

/** Whether a value that satisfies `later` always satisfies `earlier` (both case-sensitive). */
function stringCovers(earlier: StringMatch | null, later: StringMatch | null): boolean {
  if (earlier === null) return true;
  if (later === null) return false;
  if ("present" in earlier) return true;
  if ("prefix" in earlier) {
    const value = "exact" in later ? later.exact : "prefix" in later ? later.prefix : null;
    return value?.startsWith(earlier.prefix) ?? false;
  }
  return JSON.stringify(earlier) === JSON.stringify(later);
}

function uriCovers(earlier: HttpMatch, later: HttpMatch): boolean {
  if (uriMatchesAll(earlier.uri)) return true;
  if (!earlier.ignoreUriCase) return !later.ignoreUriCase && stringCovers(earlier.uri, later.uri);
  // A case-insensitive earlier match covers whatever covers it once both are lower-cased.
  const lower = (m: StringMatch | null): StringMatch | null =>
    m && "exact" in m
      ? { exact: m.exact.toLowerCase() }
      : m && "prefix" in m
        ? { prefix: m.prefix.toLowerCase() }
        : m;
  return stringCovers(lower(earlier.uri), lower(later.uri));
}

function mapCovers(
  earlier: Record<string, StringMatch>,
  later: Record<string, StringMatch>,
  covers: (e: StringMatch, l: StringMatch | null) => boolean,
): boolean {
  return Object.entries(earlier).every(([key, m]) => covers(m, later[key] ?? null));
}

/** The conditions of a route without `match`: none. */
const NO_CONDITIONS: HttpMatch = {
  uri: null,
  ignoreUriCase: false,
  scheme: null,
  method: null,
  authority: null,
  headers: {},
  withoutHeaders: {},
  queryParams: {},
  port: null,
  sourceLabels: null,
  sourceNamespace: null,
  gateways: null,
};

/** Every request `later` matches is matched by `earlier` too. */
function blockCovers(earlier: Block, later: Block): boolean {
  if (earlier === EVERYTHING) return true;
  const l = later ?? NO_CONDITIONS;
  const same = (e: StringMatch, m: StringMatch | null) => JSON.stringify(e) === JSON.stringify(m);
  return (
    uriCovers(earlier, l) &&
    stringCovers(earlier.scheme, l.scheme) &&
    stringCovers(earlier.method, l.method) &&
    stringCovers(earlier.authority, l.authority) &&
    mapCovers(earlier.headers, l.headers, stringCovers) &&
    mapCovers(earlier.queryParams, l.queryParams, stringCovers) &&
    mapCovers(earlier.withoutHeaders, l.withoutHeaders, same) &&
    (earlier.port === null || earlier.port === l.port) &&
    (earlier.sourceNamespace === null || earlier.sourceNamespace === l.sourceNamespace) &&
    (earlier.sourceLabels === null ||
      Object.entries(earlier.sourceLabels).every(([k, v]) => l.sourceLabels?.[k] === v)) &&
    // Per-match gateways narrow the block: a later block must be limited to some of them too.
    (earlier.gateways === null || (l.gateways?.every((g) => earlier.gateways?.includes(g)) ?? false))
  );
}

/** Whether a route matches every request (no match, or a block with no narrowing condition). */
export function matchesEverything(route: HttpRoute): boolean {
  return blocksOf(route).some((b) => blockCovers(b, EVERYTHING));
}

/**
 * For each route that can never match, the earlier routes that take its requests (the first one
 * covering each of its match blocks). Routes that can match are left out.
 */
export function shadowedRoutes(routes: readonly HttpRoute[]): { route: HttpRoute; by: HttpRoute[] }[] {
  const out: { route: HttpRoute; by: HttpRoute[] }[] = [];
  routes.forEach((route, j) => {
    const earlier = routes.slice(0, j);
    const by: HttpRoute[] = [];
    for (const block of blocksOf(route)) {
      const covering = earlier.find((e) => blocksOf(e).some((b) => blockCovers(b, block)));
      if (!covering) return;
      if (!by.includes(covering)) by.push(covering);
    }
    out.push({ route, by });
  });
  return out;
}
