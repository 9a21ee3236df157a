import type { MtlsMode } from "../kinds/peerAuthentication";
import type { Mesh, MeshPeerAuthentication } from "../meshModel";
import type { SimPod } from "../model";

export interface EffectiveMtls {
  mode: Exclude<MtlsMode, "UNSET">;
  /** The policy that decided, or null for the default (PERMISSIVE). */
  policy: MeshPeerAuthentication | null;
  scope: "port" | "workload" | "namespace" | "mesh" | "default";
}

/**
 * The mTLS mode a server's sidecar enforces on a port (semantics 4.6): workload policy (selector, in
 * the pod's namespace; port-level first) > namespace policy > mesh policy in the root namespace >
 * PERMISSIVE. UNSET inherits from the next level; the oldest policy wins a tie.
 */
export function effectiveMtls(mesh: Mesh, pod: SimPod, targetPort: number): EffectiveMtls {
  const inNamespace = mesh.peerAuthentications.filter((pa) => pa.ref.namespace === pod.namespace);
  const workload = inNamespace.find(
    (pa) => pa.selector && Object.entries(pa.selector).every(([k, v]) => pod.labels[k] === v),
  );
  const portMode = workload?.portLevel[targetPort];
  if (workload && portMode && portMode !== "UNSET")
    return { mode: portMode, policy: workload, scope: "port" };
  if (workload && workload.mode !== "UNSET")
    return { mode: workload.mode, policy: workload, scope: "workload" };
  const namespaceWide = inNamespace.find((pa) => !pa.selector && pa.mode !== "UNSET");
  if (namespaceWide && namespaceWide.mode !== "UNSET") {
    return { mode: namespaceWide.mode, policy: namespaceWide, scope: "namespace" };
  }
  const meshWide = mesh.peerAuthentications.find(
    (pa) => pa.ref.namespace === mesh.rootNamespace && !pa.selector && pa.mode !== "UNSET",
  );
  if (meshWide && meshWide.mode !== "UNSET") return { mode: meshWide.mode, policy: meshWide, scope: "mesh" };
  return { mode: "PERMISSIVE", policy: null, scope: "default" };
}

/** Whether the pod runs an ingress gateway the mesh's Gateways select. */
export function gatewaysOf(mesh: Mesh, pod: SimPod) {
  return mesh.gateways.filter((g) => Object.entries(g.selector).every(([k, v]) => pod.labels[k] === v));
}
