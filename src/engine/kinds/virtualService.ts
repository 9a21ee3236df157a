import type { ManifestObject } from "../parse/parseManifests";
import type { FieldPath } from "../parse/positions";
import { expandHost } from "./istioHost";
import { integer, isRecord, list, record, stringMap, text } from "./read";

/** Istio StringMatch: exact, prefix (a plain string prefix) or regex (RE2, whole string). */
export type StringMatch = { exact: string } | { prefix: string } | { regex: string } | { present: true };

export interface HttpMatch {
  uri: StringMatch | null;
  ignoreUriCase: boolean;
  scheme: StringMatch | null;
  method: StringMatch | null;
  authority: StringMatch | null;
  headers: Record<string, StringMatch>;
  withoutHeaders: Record<string, StringMatch>;
  queryParams: Record<string, StringMatch>;
  port: number | null;
  sourceLabels: Record<string, string> | null;
  sourceNamespace: string | null;
  gateways: string[] | null;
}

export interface RouteDestination {
  /** Fully qualified (short names expanded with the VirtualService's namespace). */
  host: string;
  subset: string | null;
  port: number | null;
  weight: number;
}

export interface HttpRoute {
  name: string | null;
  index: number;
  field: FieldPath;
  /** Empty: the route matches every request. */
  match: HttpMatch[];
  route: RouteDestination[];
  redirect: { uri: string | null; authority: string | null; code: number } | null;
  directResponse: { status: number } | null;
  rewrite: { uri: string | null; authority: string | null } | null;
  fault: {
    delay: { ms: number; percentage: number } | null;
    abort: { status: number; percentage: number } | null;
  } | null;
  timeoutMs: number | null;
  retries: { attempts: number } | null;
  mirror: { host: string; percentage: number } | null;
}

export interface VirtualServiceDecl {
  object: ManifestObject;
  hosts: string[];
  /** `mesh` (every sidecar) and/or `namespace/name` of Gateways. */
  gateways: string[];
  http: HttpRoute[];
  /** TCP and TLS routes are listed, not simulated. */
  otherRoutes: number;
  exportTo: string[] | null;
  createdAt: string | null;
}

function stringMatch(value: unknown): StringMatch | null {
  if (!isRecord(value)) return null;
  if (typeof value.exact === "string") return { exact: value.exact };
  if (typeof value.prefix === "string") return { prefix: value.prefix };
  if (typeof value.regex === "string") return { regex: value.regex };
  // An empty StringMatch `{}` means "present" for headers (I-API).
  return Object.keys(value).length === 0 ? { present: true } : null;
}

function matchMap(value: unknown): Record<string, StringMatch> {
  const out: Record<string, StringMatch> = {};
  for (const [k, v] of Object.entries(record(value))) {
    const m = stringMatch(v);
    if (m) out[k.toLowerCase()] = m;
  }
  return out;
}

/** Istio durations: `7s`, `0.5s`, `100ms`, `1m`. */
export function durationMs(value: unknown): number | null {
  const m = typeof value === "string" ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value) : null;
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  return Number(m[1]) * unit;
}

/**
 * `percentage: {value: 50}`, or the deprecated integer `percent`; neither means no request is
 * faulted (semantics 4.3: TranslateFault maps a missing percentage to `percent`, default 0).
 */
function percentage(value: unknown, percent?: unknown): number {
  const v = record(value).value;
  if (typeof v === "number") return v;
  return integer(percent) ?? 0;
}

function gatewayRef(name: string, namespace: string): string {
  return name === "mesh" || name.includes("/") ? name : `${namespace}/${name}`;
}

export function readVirtualService(object: ManifestObject): VirtualServiceDecl {
  const spec = record(object.body.spec);
  const ns = object.namespace;
  const gateways = list(spec.gateways).flatMap((g) => (typeof g === "string" ? [gatewayRef(g, ns)] : []));
  const http = list(spec.http).map((r, index): HttpRoute => {
    const route = record(r);
    const fault = record(route.fault);
    const delay = record(fault.delay);
    const abort = record(fault.abort);
    const redirect = isRecord(route.redirect) ? route.redirect : null;
    const rewrite = isRecord(route.rewrite) ? route.rewrite : null;
    const mirror = isRecord(route.mirror) ? route.mirror : null;
    const delayMs = durationMs(delay.fixedDelay);
    const abortStatus = integer(abort.httpStatus);
    return {
      name: text(route.name),
      index,
      field: ["spec", "http", index],
      match: list(route.match).map((m) => {
        const match = record(m);
        return {
          uri: stringMatch(match.uri),
          ignoreUriCase: match.ignoreUriCase === true,
          scheme: stringMatch(match.scheme),
          method: stringMatch(match.method),
          authority: stringMatch(match.authority),
          headers: matchMap(match.headers),
          withoutHeaders: matchMap(match.withoutHeaders),
          queryParams: matchMap(match.queryParams),
          port: integer(match.port),
          sourceLabels: isRecord(match.sourceLabels) ? stringMap(match.sourceLabels) : null,
          sourceNamespace: text(match.sourceNamespace),
          gateways: Array.isArray(match.gateways)
            ? match.gateways.flatMap((g) => (typeof g === "string" ? [gatewayRef(g, ns)] : []))
            : null,
        };
      }),
      route: list(route.route).map((d) => {
        const dest = record(record(d).destination);
        return {
          host: expandHost(text(dest.host) ?? "", ns),
          subset: text(dest.subset),
          port: integer(record(dest.port).number),
          weight: integer(record(d).weight) ?? 0,
        };
      }),
      redirect: redirect
        ? {
            uri: text(redirect.uri),
            authority: text(redirect.authority),
            code: integer(redirect.redirectCode) ?? 301,
          }
        : null,
      directResponse: isRecord(route.directResponse)
        ? { status: integer(route.directResponse.status) ?? 200 }
        : null,
      rewrite: rewrite ? { uri: text(rewrite.uri), authority: text(rewrite.authority) } : null,
      fault:
        delayMs !== null || abortStatus !== null
          ? {
              delay:
                delayMs !== null
                  ? { ms: delayMs, percentage: percentage(delay.percentage, delay.percent) }
                  : null,
              abort:
                abortStatus !== null
                  ? { status: abortStatus, percentage: percentage(abort.percentage, abort.percent) }
                  : null,
            }
          : null,
      timeoutMs: durationMs(route.timeout),
      retries: isRecord(route.retries) ? { attempts: integer(route.retries.attempts) ?? 2 } : null,
      mirror: mirror
        ? {
            host: expandHost(text(mirror.host) ?? "", ns),
            percentage: isRecord(route.mirrorPercentage) ? percentage(route.mirrorPercentage) : 100,
          }
        : null,
    };
  });
  return {
    object,
    hosts: list(spec.hosts).flatMap((h) => (typeof h === "string" ? [expandHost(h, ns)] : [])),
    gateways: gateways.length > 0 ? gateways : ["mesh"],
    http,
    otherRoutes: list(spec.tcp).length + list(spec.tls).length,
    exportTo: Array.isArray(spec.exportTo)
      ? spec.exportTo.filter((e): e is string => typeof e === "string")
      : null,
    createdAt: text(record(object.body.metadata).creationTimestamp),
  };
}
