import type { NginxLocation, NginxServer } from "../ingressModel";
import type { CanaryRules } from "../kinds/nginxAnnotations";
import { CATCH_ALL } from "../reconcile/buildIngressNginx";

/** The one label a wildcard server name stands for. */
const WILDCARD_LABEL = /^[\w-]+$/;

/**
 * A wildcard server name covers exactly one label: ingress-nginx renders `*.foo.com` as a regex
 * server_name `~^[\w-]+\.foo\.com$` (K-ING, ICC host_rules).
 */
export function hostMatches(serverName: string, host: string): boolean {
  if (!serverName.startsWith("*.")) return serverName === host;
  const suffix = serverName.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, -suffix.length);
  return WILDCARD_LABEL.test(label);
}

/**
 * The only wildcard server name that can cover `host` (see hostMatches): `*` and the host from
 * its first dot, when the label before that dot is one a wildcard stands for.
 */
function wildcardFor(host: string): string | null {
  const dot = host.indexOf(".");
  return dot > 0 && WILDCARD_LABEL.test(host.slice(0, dot)) ? `*${host.slice(dot)}` : null;
}

interface Named {
  server: NginxServer;
  /** Position in the servers as given, for "the first that matches". */
  at: number;
}

interface ServerLookup {
  /** Each hostname's first server. */
  byName: Map<string, Named>;
  /** Whether any name is a wildcard: most configurations have none to look for. */
  wildcards: boolean;
}

/**
 * Servers are fixed for an analysis and every request asks for one, so the lookup is built once
 * per list: a scan of 300 hosts costs more than the rest of nginx's hop.
 */
const serverLookups = new WeakMap<readonly NginxServer[], ServerLookup>();

function serverLookup(servers: readonly NginxServer[]): ServerLookup {
  let lookup = serverLookups.get(servers);
  if (!lookup) {
    const byName = new Map<string, Named>();
    for (let at = 0; at < servers.length; at++) {
      const server = servers[at] as NginxServer;
      if (!byName.has(server.hostname)) byName.set(server.hostname, { server, at });
    }
    lookup = { byName, wildcards: servers.some((s) => s.hostname.startsWith("*.")) };
    serverLookups.set(servers, lookup);
  }
  return lookup;
}

function wildcardServer(lookup: ServerLookup, host: string): Named | undefined {
  const wildcard = lookup.wildcards ? wildcardFor(host) : null;
  return wildcard !== null ? lookup.byName.get(wildcard) : undefined;
}

/** nginx's server choice: the exact name, then a wildcard name, then the catch-all server. */
export function matchServer(servers: readonly NginxServer[], host: string): NginxServer | null {
  const lookup = serverLookup(servers);
  return (
    lookup.byName.get(host)?.server ??
    wildcardServer(lookup, host)?.server ??
    lookup.byName.get(CATCH_ALL)?.server ??
    null
  );
}

/** The first server, in the order given, whose name (exact or wildcard) covers `host`; never the catch-all. */
export function claimingServer(servers: readonly NginxServer[], host: string): NginxServer | null {
  const lookup = serverLookup(servers);
  // A name that starts with `*.` is a wildcard, compared label-wise, never as it is written.
  const exact = host === CATCH_ALL || host.startsWith("*.") ? undefined : lookup.byName.get(host);
  const covering = wildcardServer(lookup, host);
  if (exact && covering) return (exact.at < covering.at ? exact : covering).server;
  return (exact ?? covering)?.server ?? null;
}

/** Whether some server is the catch-all `_`. */
export function hasCatchAll(servers: readonly NginxServer[]): boolean {
  return serverLookup(servers).byName.has(CATCH_ALL);
}

const regexCache = new Map<string, RegExp | null>();

/** A location regex as nginx compiles `~* "^path"`: anchored at the start, case-insensitive. */
export function locationRegex(path: string): RegExp | null {
  let regex = regexCache.get(path);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^${path}`, "i");
    } catch {
      // nginx would refuse to load such a configuration; the simulation skips the location.
      regex = null;
    }
    regexCache.set(path, regex);
  }
  return regex;
}

/**
 * A server's locations arranged for matchLocation, built once per server: a request then looks
 * up its own prefixes instead of comparing itself with every location of the host.
 */
interface LocationLookup {
  /** Each path's first `=` location. */
  exact: Map<string, NginxLocation>;
  /** Each path's first string-prefix location. */
  prefix: Map<string, NginxLocation>;
  /** The lengths of those paths, longest first. */
  prefixLengths: number[];
  /** The locations nginx is configured with, in the order given, and their compiled regexes. */
  written: NginxLocation[];
  regexes: (RegExp | null)[];
}

/**
 * ingress-nginx writes no location for a path whose backend is not a Service (a resource
 * backend, or none): nginx never sees it, and such a request falls to whatever else matches.
 */
function isWritten(location: NginxLocation): boolean {
  return location.backend?.kind === "service";
}

const locationLookups = new WeakMap<NginxServer, LocationLookup>();

function lookupOf(server: NginxServer): LocationLookup {
  let lookup = locationLookups.get(server);
  if (!lookup) {
    const exact = new Map<string, NginxLocation>();
    const prefix = new Map<string, NginxLocation>();
    const written = server.locations.filter(isWritten);
    for (const l of written) {
      const byPath = l.match === "exact" ? exact : l.match === "prefix" ? prefix : null;
      if (byPath && !byPath.has(l.path)) byPath.set(l.path, l);
    }
    lookup = {
      exact,
      prefix,
      prefixLengths: [...new Set([...prefix.keys()].map((p) => p.length))].sort((a, b) => b - a),
      written,
      regexes: server.useRegex ? written.map((l) => locationRegex(l.path)) : [],
    };
    locationLookups.set(server, lookup);
  }
  return lookup;
}

/**
 * nginx's location choice (semantics 3.1): with regex locations the first that matches, in the
 * order written; otherwise an exact `=` location, else the longest string prefix.
 */
export function matchLocation(server: NginxServer, path: string): NginxLocation | null {
  const lookup = lookupOf(server);
  if (server.useRegex) {
    for (let i = 0; i < lookup.written.length; i++) {
      if (lookup.regexes[i]?.test(path)) return lookup.written[i] ?? null;
    }
    return null;
  }
  const exact = lookup.exact.get(path);
  if (exact) return exact;
  // The longest prefix wins, the first written among equals: of each length, only the
  // request path's own beginning can be one.
  for (const length of lookup.prefixLengths) {
    if (length > path.length) continue;
    const l = lookup.prefix.get(length === path.length ? path : path.slice(0, length));
    if (l) return l;
  }
  return null;
}

/** The location nginx did not get that the path would have matched: to say why a request got 404. */
export function unwrittenMatch(server: NginxServer, path: string): NginxLocation | null {
  return (
    server.locations.find((l) => {
      if (isWritten(l)) return false;
      if (l.match === "regex") return locationRegex(l.path)?.test(path) ?? false;
      return l.match === "exact" ? l.path === path : path.startsWith(l.path);
    }) ?? null
  );
}

/**
 * The path the backend receives after `rewrite-target`: nginx's `rewrite "(?i)<location>" <target>`
 * replaces the whole URI, with `$1`..`$9` from the location's capture groups (semantics 3.2).
 * The query string is kept.
 */
export function rewritePath(location: NginxLocation, path: string, query: string): string {
  const target = location.annotations.rewriteTarget;
  if (target === null) return path + query;
  const groups = locationRegex(location.path)?.exec(path) ?? [];
  const rewritten = target.replace(/\$(\d)/g, (_, n: string) => groups[Number(n)] ?? "");
  return rewritten + query;
}

export type CanaryVerdict = { canary: boolean; why: string };

/**
 * ingress-nginx's canary decision, in balancer.lua's order (semantics 3.4): header, then cookie,
 * then weight. `roll` is a number in [0, 1) for the weighted choice.
 */
export function decideCanary(
  rules: CanaryRules,
  headers: Readonly<Record<string, string>>,
  cookies: Readonly<Record<string, string>>,
  roll: () => number,
): CanaryVerdict {
  if (rules.byHeader) {
    const value = headers[rules.byHeader.toLowerCase()];
    if (value !== undefined) {
      if (rules.byHeaderValue !== null) {
        if (value === rules.byHeaderValue)
          return { canary: true, why: `header ${rules.byHeader} is ${value}` };
      } else if (rules.byHeaderPattern !== null) {
        let pattern: RegExp;
        try {
          pattern = new RegExp(rules.byHeaderPattern);
        } catch {
          return {
            canary: false,
            why: `the canary-by-header-pattern does not compile, so the main backend serves`,
          };
        }
        if (pattern.test(value)) {
          return { canary: true, why: `header ${rules.byHeader} matches ${rules.byHeaderPattern}` };
        }
      } else if (value === "always") {
        return { canary: true, why: `header ${rules.byHeader} is always` };
      } else if (value === "never") {
        return { canary: false, why: `header ${rules.byHeader} is never` };
      }
    }
  }
  if (rules.byCookie) {
    const value = cookies[rules.byCookie];
    if (value === "always") return { canary: true, why: `cookie ${rules.byCookie} is always` };
    if (value === "never") return { canary: false, why: `cookie ${rules.byCookie} is never` };
  }
  if (rules.weight !== null && rules.weight > 0) {
    const canary = roll() * rules.weightTotal < rules.weight;
    return {
      canary,
      why: `canary-weight ${rules.weight} of ${rules.weightTotal} ${canary ? "chose" : "passed over"} the canary`,
    };
  }
  return { canary: false, why: "no canary rule applies" };
}

/** `a=1; b=2` -> { a: "1", b: "2" }. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
