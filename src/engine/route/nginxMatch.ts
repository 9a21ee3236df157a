import type { NginxLocation, NginxServer } from "../ingressModel";
import type { CanaryRules } from "../kinds/nginxAnnotations";
import { CATCH_ALL } from "../reconcile/buildIngressNginx";

/**
 * A wildcard server name covers exactly one label: ingress-nginx renders `*.foo.com` as a regex
 * server_name `~^[\w-]+\.foo\.com$` (K-ING, ICC host_rules).
 */
export function hostMatches(serverName: string, host: string): boolean {
  if (!serverName.startsWith("*.")) return serverName === host;
  const suffix = serverName.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, -suffix.length);
  return /^[\w-]+$/.test(label);
}

/** nginx's server choice: the exact name, then a wildcard name, then the catch-all server. */
export function matchServer(servers: readonly NginxServer[], host: string): NginxServer | null {
  return (
    servers.find((s) => s.hostname === host) ??
    servers.find((s) => s.hostname.startsWith("*.") && hostMatches(s.hostname, host)) ??
    servers.find((s) => s.hostname === CATCH_ALL) ??
    null
  );
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
 * nginx's location choice (semantics 3.1): with regex locations the first that matches, in the
 * order written; otherwise an exact `=` location, else the longest string prefix.
 */
export function matchLocation(server: NginxServer, path: string): NginxLocation | null {
  if (server.useRegex)
    return server.locations.find((l) => locationRegex(l.path)?.test(path) ?? false) ?? null;
  const exact = server.locations.find((l) => l.match === "exact" && l.path === path);
  if (exact) return exact;
  let best: NginxLocation | null = null;
  for (const l of server.locations) {
    if (l.match === "prefix" && path.startsWith(l.path) && (!best || l.path.length > best.path.length))
      best = l;
  }
  return best;
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
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
