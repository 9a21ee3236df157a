/**
 * The ingress-nginx annotations the engine models, read once into typed settings (NGX-D
 * annotations.md). Every other `nginx.ingress.kubernetes.io/` annotation is listed as not
 * modelled, never silently ignored.
 */
export const NGINX_PREFIX = "nginx.ingress.kubernetes.io/";

export interface CanaryRules {
  byHeader: string | null;
  byHeaderValue: string | null;
  byHeaderPattern: string | null;
  byCookie: string | null;
  /** Out of `weightTotal`; null when no weight is set. */
  weight: number | null;
  weightTotal: number;
}

export interface NginxAnnotations {
  rewriteTarget: string | null;
  useRegex: boolean;
  appRoot: string | null;
  /** Defaults to true: a TLS host redirects plain HTTP (semantics 3.3). */
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  backendProtocol: string;
  serviceUpstream: boolean;
  upstreamHashBy: string | null;
  /** `affinity: cookie`: the cookie that pins a client to an endpoint. */
  affinityCookie: string | null;
  permanentRedirect: { url: string; code: number } | null;
  temporalRedirect: string | null;
  /** Set when `canary: "true"`. */
  canary: CanaryRules | null;
  /** Full annotation names present but not modelled. */
  unmodelled: string[];
}

const MODELLED = new Set([
  "rewrite-target",
  "use-regex",
  "app-root",
  "ssl-redirect",
  "force-ssl-redirect",
  "backend-protocol",
  "service-upstream",
  "upstream-hash-by",
  "affinity",
  "session-cookie-name",
  "permanent-redirect",
  "permanent-redirect-code",
  "temporal-redirect",
  "canary",
  "canary-by-header",
  "canary-by-header-value",
  "canary-by-header-pattern",
  "canary-by-cookie",
  "canary-weight",
  "canary-weight-total",
]);

/** ingress-nginx's default cookie name for `affinity: cookie`. */
const DEFAULT_AFFINITY_COOKIE = "INGRESSCOOKIE";

export function readNginxAnnotations(annotations: Record<string, string>): NginxAnnotations {
  const get = (name: string): string | null => {
    const value = annotations[NGINX_PREFIX + name];
    return value === undefined || value === "" ? null : value;
  };
  const flag = (name: string, fallback: boolean) => {
    const value = get(name);
    return value === null ? fallback : value === "true";
  };
  const number = (name: string): number | null => {
    const value = get(name);
    return value !== null && /^\d+$/.test(value) ? Number(value) : null;
  };
  const permanent = get("permanent-redirect");
  const total = number("canary-weight-total");
  return {
    rewriteTarget: get("rewrite-target"),
    useRegex: flag("use-regex", false),
    appRoot: get("app-root"),
    sslRedirect: flag("ssl-redirect", true),
    forceSslRedirect: flag("force-ssl-redirect", false),
    backendProtocol: (get("backend-protocol") ?? "HTTP").toUpperCase(),
    serviceUpstream: flag("service-upstream", false),
    upstreamHashBy: get("upstream-hash-by"),
    affinityCookie:
      get("affinity") === "cookie" ? (get("session-cookie-name") ?? DEFAULT_AFFINITY_COOKIE) : null,
    permanentRedirect: permanent ? { url: permanent, code: number("permanent-redirect-code") ?? 301 } : null,
    temporalRedirect: get("temporal-redirect"),
    canary: flag("canary", false)
      ? {
          byHeader: get("canary-by-header"),
          byHeaderValue: get("canary-by-header-value"),
          byHeaderPattern: get("canary-by-header-pattern"),
          byCookie: get("canary-by-cookie"),
          weight: number("canary-weight"),
          // The total is only honoured above 100 (NGX-D "canary-weight-total").
          weightTotal: total !== null && total > 100 ? total : 100,
        }
      : null,
    unmodelled: Object.keys(annotations)
      .filter((k) => k.startsWith(NGINX_PREFIX) && !MODELLED.has(k.slice(NGINX_PREFIX.length)))
      .sort(),
  };
}
