/**
 * The parts VirtualService routes share: weighted destinations, header operations, the retry
 * policy and mirrors. Read once here; the routing and the Envoy text use them as they are.
 */
import type { FieldPath } from "../parse/positions";
import { expandHost } from "./istioHost";
import { integer, isRecord, list, record, stringMap, text } from "./read";

export interface RouteDestination {
  /** Fully qualified (short names expanded with the VirtualService's namespace). */
  host: string;
  subset: string | null;
  port: number | null;
  weight: number;
  /** Header operations for requests sent to this destination only. */
  headers: HeaderRules | null;
}

/** One direction's header operations (I-API Headers.HeaderOperations); names lower-cased. */
export interface HeaderOperations {
  set: Record<string, string>;
  add: Record<string, string>;
  remove: string[];
}

/** `headers:` of a route or of one of its destinations. */
export interface HeaderRules {
  request: HeaderOperations | null;
  response: HeaderOperations | null;
}

/** A route's retry policy as Envoy gets it (I-CODE route/retry/retry.go ConvertPolicy). */
export interface RetryPolicy {
  /** Retries after the first try; 0 turns retries off. */
  attempts: number;
  perTryTimeoutMs: number | null;
  /** Envoy retry_on conditions; status codes written in retryOn are in `statusCodes`. */
  retryOn: string[];
  statusCodes: number[];
}

/** Istio's policy for a route that sets no `retries` (retry.go defaultPolicy). */
export const ISTIO_DEFAULT_RETRIES: RetryPolicy = {
  attempts: 2,
  perTryTimeoutMs: null,
  retryOn: ["connect-failure", "refused-stream", "unavailable", "cancelled", "retriable-status-codes"],
  statusCodes: [503],
};

/** A copy of the request sent to another cluster, its response dropped (`mirror` or `mirrors[]`). */
export interface MirrorPolicy {
  /** Fully qualified (a short name is expanded with the VirtualService's namespace). */
  host: string;
  subset: string | null;
  port: number | null;
  /** Share of requests mirrored, 0-100; istiod leaves a 0% mirror out of Envoy's route. */
  percentage: number;
  /** The `mirror` or `mirrors[i].destination` mapping. */
  field: FieldPath;
}

/** Istio durations: `7s`, `0.5s`, `100ms`, `1m`. */
export function durationMs(value: unknown): number | null {
  const m = typeof value === "string" ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value) : null;
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  return Number(m[1]) * unit;
}

function lowerKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) out[k.toLowerCase()] = v;
  return out;
}

function headerOperations(value: unknown): HeaderOperations | null {
  if (!isRecord(value)) return null;
  return {
    set: lowerKeys(stringMap(value.set)),
    add: lowerKeys(stringMap(value.add)),
    remove: list(value.remove).flatMap((h) => (typeof h === "string" ? [h.toLowerCase()] : [])),
  };
}

export function headerRules(value: unknown): HeaderRules | null {
  if (!isRecord(value)) return null;
  return { request: headerOperations(value.request), response: headerOperations(value.response) };
}

/** A `route[]` entry of an http, tcp or tls route. */
export function destinationOf(value: unknown, namespace: string): RouteDestination {
  const d = record(value);
  const dest = record(d.destination);
  return {
    host: expandHost(text(dest.host) ?? "", namespace),
    subset: text(dest.subset),
    port: integer(record(dest.port).number),
    weight: integer(d.weight) ?? 0,
    headers: headerRules(d.headers),
  };
}

/**
 * `retries`: absent is Istio's default policy (null here); `attempts` 0 or absent turns retries off
 * (ConvertPolicy returns no policy for attempts <= 0). Numbers in `retryOn` are status codes, and
 * retry.go adds `retriable-status-codes` for them.
 */
export function retryPolicy(value: unknown): RetryPolicy | null {
  if (!isRecord(value)) return null;
  const attempts = Math.max(0, integer(value.attempts) ?? 0);
  const written = typeof value.retryOn === "string" ? value.retryOn : "";
  const parts = written
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const statusCodes = parts.filter((p) => /^[1-5]\d\d$/.test(p)).map(Number);
  const conditions = parts.filter((p) => !/^[1-5]\d\d$/.test(p));
  if (statusCodes.length > 0 && !conditions.includes("retriable-status-codes"))
    conditions.push("retriable-status-codes");
  const defaults = parts.length === 0;
  return {
    attempts,
    perTryTimeoutMs: durationMs(value.perTryTimeout),
    retryOn: defaults ? ISTIO_DEFAULT_RETRIES.retryOn : conditions,
    statusCodes: defaults ? ISTIO_DEFAULT_RETRIES.statusCodes : statusCodes,
  };
}

/**
 * `percentage: {value: 50}`, or the deprecated integer `percent`; neither means no request is
 * faulted (semantics 4.3: TranslateFault maps a missing percentage to `percent`, default 0).
 */
export function percentage(value: unknown, percent?: unknown): number {
  const v = record(value).value;
  if (typeof v === "number") return v;
  return integer(percent) ?? 0;
}

function mirrorOf(value: unknown, share: number, field: FieldPath, namespace: string): MirrorPolicy | null {
  const host = text(record(value).host);
  if (!host) return null;
  return {
    host: expandHost(host, namespace),
    subset: text(record(value).subset),
    port: integer(record(record(value).port).number),
    percentage: Math.max(0, Math.min(100, share)),
    field,
  };
}

/**
 * `mirror` with `mirrorPercentage` (or the deprecated integer `mirrorPercent`), then each of
 * `mirrors[]`; an absent percentage mirrors everything, an explicit 0 nothing (route.go MirrorPercent).
 */
export function mirrorPolicies(route: Record<string, unknown>, at: FieldPath, namespace: string) {
  const share = (p: unknown, legacy?: unknown) => (isRecord(p) ? percentage(p) : (integer(legacy) ?? 100));
  const out: MirrorPolicy[] = [];
  const single = mirrorOf(
    route.mirror,
    share(route.mirrorPercentage, route.mirrorPercent),
    [...at, "mirror"],
    namespace,
  );
  if (single) out.push(single);
  list(route.mirrors).forEach((m, i) => {
    const policy = record(m);
    const mirror = mirrorOf(
      policy.destination,
      share(policy.percentage),
      [...at, "mirrors", i, "destination"],
      namespace,
    );
    if (mirror) out.push(mirror);
  });
  return out;
}
