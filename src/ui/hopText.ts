import type { FailureReason, Hop, HopKind } from "../engine/traceTypes";

export const HOP_KIND_LABEL: Record<HopKind, string> = {
  client: "Client",
  dns: "DNS",
  "load-balancer": "Load balancer",
  node: "Node",
  "kube-proxy": "kube-proxy",
  "ingress-controller": "Ingress controller",
  gateway: "Gateway",
  service: "Service",
  sidecar: "Sidecar",
  pod: "Pod",
  container: "Container",
  external: "Outside",
};

export const FAILURE_LABEL: Record<FailureReason, string> = {
  nxdomain: "no such name (NXDOMAIN)",
  unreachable: "unreachable",
  "connection-refused": "connection refused",
  dropped: "dropped",
  timeout: "no answer (timed out)",
  external: "left the cluster",
  "not-found": "no route (404)",
  "no-endpoints": "no ready endpoints (503)",
  redirect: "redirected",
  "no-cluster": "no such cluster (503 NC)",
  fault: "fault injected",
  "connection-reset": "connection reset (mTLS required)",
  blackhole: "blocked: not in the mesh registry (502)",
  "retries-exhausted": "upstream refused every try (503 URX)",
  "upstream-timeout": "upstream too slow: route timeout (504 UT)",
};

/**
 * What a hop is about, as a person would say it. Only wording: a container hop names its
 * container, so the pod is the one the request last reached.
 */
export function hopSubject(hops: readonly Hop[], index: number): string {
  const hop = hops[index];
  if (!hop) return "";
  const qualified = hop.namespace ? `${hop.namespace}/${hop.name}` : hop.name;
  if (hop.kind === "kube-proxy" && hop.nodeName) return `on ${hop.nodeName}`;
  if (hop.kind === "container" || hop.kind === "sidecar") {
    const pod = hops.slice(0, index).findLast((h) => h.kind === "pod");
    return pod ? `${hop.name} in ${pod.name}` : qualified;
  }
  return qualified;
}
