import { istioHostMatches } from "../kinds/istioHost";
import type { Mesh } from "../meshModel";
import type { SimPod } from "../model";
import type { Trace } from "../traceTypes";
import { LATENCY_MS } from "./latency";
import type { TraceBuilder } from "./traceBuilder";

/**
 * A sidecar's call to a name outside the cluster (semantics 4.7): a ServiceEntry puts it in the
 * registry; otherwise ALLOW_ANY passes it through to the original address and REGISTRY_ONLY sends
 * it to the BlackHoleCluster (HTTP 502; TLS and TCP connections are reset).
 */
export function egressThroughSidecar(tb: TraceBuilder, mesh: Mesh, pod: SimPod): Trace {
  const { request } = tb;
  const entry = mesh.serviceEntries.find(
    (se) =>
      se.hosts.some((h) => istioHostMatches(h, request.host)) &&
      (se.ports.length === 0 || se.ports.some((p) => p.number === request.port)),
  );
  const intercepted = `istio-proxy in ${pod.name} intercepts the connection to ${request.host}:${request.port}`;
  const hop = (
    explanation: string,
    source = entry
      ? tb.index.sourceOf("ServiceEntry", entry.ref.namespace, entry.ref.name, ["spec", "hosts"])
      : undefined,
  ) =>
    tb.hop({
      kind: "sidecar",
      name: "istio-proxy",
      namespace: pod.namespace,
      address: `${pod.ip}:15001`,
      nodeName: pod.nodeName,
      explanation,
      delayMs: LATENCY_MS.kubeProxy,
      ...(source ? { source } : {}),
    });
  const policy = mesh.outboundPolicySource
    ? `outboundTrafficPolicy ${mesh.outboundTrafficPolicy} (ConfigMap ${mesh.outboundPolicySource.namespace}/${mesh.outboundPolicySource.name})`
    : "outboundTrafficPolicy ALLOW_ANY (Istio's default)";
  if (entry) {
    hop(
      `${intercepted}: ServiceEntry ${entry.ref.name} puts ${request.host} in the mesh registry (${entry.location}, resolution ${entry.resolution}), so Envoy sends it to cluster outbound|${request.port}||${request.host}.`,
    );
  } else if (mesh.outboundTrafficPolicy === "REGISTRY_ONLY") {
    const http = request.scheme === "http";
    hop(
      `${intercepted}: no ServiceEntry or Service knows ${request.host} and ${policy} sends it to the BlackHoleCluster, so ${http ? "Envoy answers 502" : "the connection is reset"}.`,
      undefined,
    );
    return http ? tb.fail("blackhole", 502) : tb.fail("connection-reset");
  } else {
    hop(
      `${intercepted}: no ServiceEntry knows ${request.host}, and ${policy} lets it out through the PassthroughCluster to the address DNS gave.`,
      undefined,
    );
  }
  tb.hop({
    kind: "external",
    name: request.host,
    address: `${request.host}:${request.port}`,
    explanation: `The request leaves the cluster for ${request.host}:${request.port}; what answers there is outside the simulation.`,
  });
  return tb.fail("external");
}
