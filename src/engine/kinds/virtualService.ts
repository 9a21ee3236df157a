import type { ManifestObject } from "../parse/parseManifests";
import type { FieldPath } from "../parse/positions";
import { expandHost } from "./istioHost";
import { type L4Route, readL4Routes } from "./l4Route";
import { integer, isRecord, list, record, stringMap, text } from "./read";
import {
  destinationOf,
  durationMs,
  type HeaderRules,
  headerRules,
  type MirrorPolicy,
  mirrorPolicies,
  percentage,
  type RetryPolicy,
  type RouteDestination,
  retryPolicy,
} from "./routeParts";

export type { RouteDestination };
export { durationMs };

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
  /** Route timeout; null or 0: none (Istio's default). */
  timeoutMs: number | null;
  /** null: the route sets none, so Istio's default policy applies (ISTIO_DEFAULT_RETRIES). */
  retries: RetryPolicy | null;
  mirrors: MirrorPolicy[];
  /** Header operations for every request the route takes (destinations may add their own). */
  headers: HeaderRules | null;
}

export interface VirtualServiceDecl {
  object: ManifestObject;
  hosts: string[];
  /** `mesh` (every sidecar) and/or `namespace/name` of Gateways. */
  gateways: string[];
  http: HttpRoute[];
  tcp: L4Route[];
  tls: L4Route[];
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
      route: list(route.route).map((d) => destinationOf(d, ns)),
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
      retries: retryPolicy(route.retries),
      mirrors: mirrorPolicies(route, ["spec", "http", index], ns),
      headers: headerRules(route.headers),
    };
  });
  return {
    object,
    hosts: list(spec.hosts).flatMap((h) => (typeof h === "string" ? [expandHost(h, ns)] : [])),
    gateways: gateways.length > 0 ? gateways : ["mesh"],
    http,
    tcp: readL4Routes("tcp", spec.tcp, ns, (g) => gatewayRef(g, ns)),
    tls: readL4Routes("tls", spec.tls, ns, (g) => gatewayRef(g, ns)),
    exportTo: Array.isArray(spec.exportTo)
      ? spec.exportTo.filter((e): e is string => typeof e === "string")
      : null,
    createdAt: text(record(object.body.metadata).creationTimestamp),
  };
}
