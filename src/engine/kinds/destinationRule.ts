import type { ManifestObject } from "../parse/parseManifests";
import { expandHost } from "./istioHost";
import { isRecord, list, record, stringMap, text } from "./read";

/** How a sidecar picks an endpoint of a cluster (I-API LoadBalancerSettings). */
export type LoadBalancer =
  | { simple: "LEAST_REQUEST" | "ROUND_ROBIN" | "RANDOM" | "PASSTHROUGH" }
  | { consistentHash: { header: string } | { cookie: string } | { sourceIp: true } | { query: string } };

export interface TrafficPolicy {
  loadBalancer: LoadBalancer | null;
  tlsMode: "DISABLE" | "SIMPLE" | "MUTUAL" | "ISTIO_MUTUAL" | null;
  /** Shown, not simulated. */
  connectionPool: boolean;
  outlierDetection: boolean;
}

export interface SubsetDecl {
  name: string;
  labels: Record<string, string>;
  trafficPolicy: TrafficPolicy | null;
  index: number;
}

export interface DestinationRuleDecl {
  object: ManifestObject;
  /** Fully qualified (a short name is expanded with the DestinationRule's namespace). */
  host: string;
  trafficPolicy: TrafficPolicy | null;
  subsets: SubsetDecl[];
  createdAt: string | null;
}

const SIMPLE = ["LEAST_REQUEST", "ROUND_ROBIN", "RANDOM", "PASSTHROUGH"] as const;
const TLS = ["DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"] as const;

function loadBalancerOf(value: unknown): LoadBalancer | null {
  const lb = record(value);
  const simple = SIMPLE.find((s) => s === lb.simple || (s === "LEAST_REQUEST" && lb.simple === "LEAST_CONN"));
  if (simple) return { simple };
  const hash = record(lb.consistentHash);
  if (text(hash.httpHeaderName))
    return { consistentHash: { header: (text(hash.httpHeaderName) ?? "").toLowerCase() } };
  if (text(record(hash.httpCookie).name))
    return { consistentHash: { cookie: text(record(hash.httpCookie).name) ?? "" } };
  if (hash.useSourceIp === true) return { consistentHash: { sourceIp: true } };
  if (text(hash.httpQueryParameterName))
    return { consistentHash: { query: text(hash.httpQueryParameterName) ?? "" } };
  return null;
}

function policyOf(value: unknown): TrafficPolicy | null {
  if (!isRecord(value)) return null;
  return {
    loadBalancer: loadBalancerOf(value.loadBalancer),
    tlsMode: TLS.find((m) => m === record(value.tls).mode) ?? null,
    connectionPool: isRecord(value.connectionPool),
    outlierDetection: isRecord(value.outlierDetection),
  };
}

export function readDestinationRule(object: ManifestObject): DestinationRuleDecl {
  const spec = record(object.body.spec);
  return {
    object,
    host: expandHost(text(spec.host) ?? "", object.namespace),
    trafficPolicy: policyOf(spec.trafficPolicy),
    subsets: list(spec.subsets).flatMap((s, index) => {
      const subset = record(s);
      const name = text(subset.name);
      return name
        ? [{ name, labels: stringMap(subset.labels), trafficPolicy: policyOf(subset.trafficPolicy), index }]
        : [];
    }),
    createdAt: text(record(object.body.metadata).creationTimestamp),
  };
}
