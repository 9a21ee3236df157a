import type { Mesh } from "../meshModel";
import type { SimPod } from "../model";
import type { Trace } from "../traceTypes";
import { LATENCY_MS } from "./latency";
import { effectiveMtls } from "./meshPolicy";
import type { TraceBuilder } from "./traceBuilder";

/**
 * The server's sidecar takes the connection on 15006 (istio-init redirects inbound traffic) and
 * enforces PeerAuthentication. Returns a finished trace when it refuses the connection.
 */
export function inboundSidecar(
  tb: TraceBuilder,
  mesh: Mesh,
  pod: SimPod,
  port: number,
  mtls: boolean,
): Trace | null {
  const { mode, policy, scope } = effectiveMtls(mesh, pod, port);
  const by = policy
    ? `PeerAuthentication ${policy.ref.namespace}/${policy.ref.name} (${scope}${scope === "port" ? ` ${port}` : ""}) says ${mode}`
    : "no PeerAuthentication applies, so the default PERMISSIVE holds";
  const source = policy
    ? tb.index.sourceOf("PeerAuthentication", policy.ref.namespace, policy.ref.name, ["spec"])
    : undefined;
  const refused = mode === "STRICT" && !mtls;
  tb.hop({
    kind: "sidecar",
    name: "istio-proxy",
    namespace: pod.namespace,
    address: `${pod.ip}:15006`,
    nodeName: pod.nodeName,
    explanation: refused
      ? `istio-proxy in ${pod.name} intercepts the connection to port ${port}; ${by}, and the connection arrived in plaintext (from a client without sidecar, or one told to DISABLE TLS), so it is reset.`
      : `istio-proxy in ${pod.name} intercepts the connection to port ${port} (inbound listener 15006): ${mtls ? "mTLS with the client's mesh certificate" : "plaintext"}; ${by}. It hands the request to the app at ${pod.ip}:${port} (inbound cluster, original destination).`,
    delayMs: LATENCY_MS.kubeProxy,
    ...(source ? { source } : {}),
  });
  return refused ? tb.fail("connection-reset") : null;
}

/** The client's sidecar intercepts the outbound connection (istio-init's redirect to 15001). */
export function outboundSidecarHop(tb: TraceBuilder, pod: SimPod, target: string): void {
  tb.hop({
    kind: "sidecar",
    name: "istio-proxy",
    namespace: pod.namespace,
    address: `${pod.ip}:15001`,
    nodeName: pod.nodeName,
    explanation: `istio-proxy in ${pod.name} intercepts the connection to ${target} (istio-init redirects outbound traffic to Envoy on 15001); Envoy, not kube-proxy, routes it with the configuration istiod pushed.`,
    delayMs: LATENCY_MS.kubeProxy,
  });
}
