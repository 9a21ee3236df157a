import type { SimPod } from "../model";
import type { RequestSpec } from "../traceTypes";
import type { ClusterIndex } from "./clusterIndex";

/** Where external requests come from by default: an address from 192.0.2.0/24 (documentation). */
export const DEFAULT_EXTERNAL_CLIENT_IP = "192.0.2.10";

export interface NormalizedRequest {
  method: string;
  scheme: "http" | "https";
  host: string;
  /** True when `host` is an IPv4 address rather than a name. */
  hostIsIP: boolean;
  port: number;
  /** Path and query as sent (`/a?b=1`). */
  path: string;
  /** The path alone, the query without `?`, and its parameters: split once, for every proxy. */
  pathname: string;
  query: string;
  queryParams: Record<string, string>;
  url: string;
  headers: Record<string, string>;
  /** `namespace/name` of the entry point public DNS should use, or null to let the host decide. */
  via: string | null;
  source: { kind: "external"; clientIP: string } | { kind: "pod"; pod: SimPod; clientIP: string };
}

export class RequestError extends Error {}

export const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** What a DNS lookup can ask for: dot-separated labels (IDNs arrive as punycode from URL). */
const HOST_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** The pod named `from` (`namespace/name`), else the first pod of the workload by that name. */
function findSource(index: ClusterIndex, from: string): SimPod {
  const [namespace, name] = from.includes("/") ? from.split("/", 2) : ["default", from];
  const key = `${namespace}/${name}`;
  const pod = index.podByName.get(key) ?? index.podByWorkload.get(key);
  if (!pod) {
    throw new RequestError(
      `--from ${from}: there is no pod or workload "${name}" in namespace ${namespace}.`,
    );
  }
  return pod;
}

/** Fills every default of a request in one place (scheme port, path, method, source). */
export function normalizeRequest(index: ClusterIndex, spec: RequestSpec): NormalizedRequest {
  const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(spec.url) ? spec.url : `http://${spec.url}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RequestError(`"${spec.url}" is not a valid URL.`);
  }
  const scheme = url.protocol === "https:" ? "https" : url.protocol === "http:" ? "http" : null;
  if (!scheme) throw new RequestError(`Only http:// and https:// URLs can be traced, not ${url.protocol}//.`);
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  // Browsers percent-encode characters that Node's URL rejects (Chromium turns "my svc" into
  // "my%20svc"): check the host here so the CLI and the page refuse the same requests.
  if (!HOST_NAME.test(host)) throw new RequestError(`"${spec.url}" has no valid host name.`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = v;
  const from = spec.from ?? "external";
  const source: NormalizedRequest["source"] =
    from === "external"
      ? { kind: "external", clientIP: spec.clientIP ?? DEFAULT_EXTERNAL_CLIENT_IP }
      : (() => {
          const pod = findSource(index, from);
          return { kind: "pod", pod, clientIP: pod.ip } as const;
        })();
  return {
    method: (spec.method ?? "GET").toUpperCase(),
    scheme,
    host,
    hostIsIP: IPV4.test(host),
    port: url.port ? Number(url.port) : scheme === "https" ? 443 : 80,
    path: `${url.pathname || "/"}${url.search}`,
    pathname: url.pathname || "/",
    query: url.search.slice(1),
    queryParams: parseQuery(url.search.slice(1)),
    url: url.toString(),
    headers,
    via: spec.via ?? null,
    source,
  };
}

/** `a=1&b` -> { a: "1", b: "" }. */
function parseQuery(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of query.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    out[eq < 0 ? part : part.slice(0, eq)] = eq < 0 ? "" : part.slice(eq + 1);
  }
  return out;
}

/** `Name: value` as curl -H and the form take it; null when there is no name before a colon. */
export function parseHeaderLine(line: string): [name: string, value: string] | null {
  const colon = line.indexOf(":");
  if (colon <= 0) return null;
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}
