/**
 * The linter's Istio checks of workloads: pods left outside the mesh under STRICT mTLS, and ports
 * of meshed Services whose protocol Istio cannot read from their name (IST0118).
 */
import type { PeerAuthenticationDecl } from "../kinds/peerAuthentication";
import { list, record, text } from "../kinds/read";
import { objectKey, type SimPod, type SimService } from "../model";
import type { ManifestObject } from "../parse/parseManifests";
import { indexPodLabels, type PodLabelIndex, selectorMatches } from "./buildEndpoints";
import type { MeshDecls } from "./buildMesh";
import { type ReconcileContext, report } from "./context";
import { isAssumed } from "./ingressController";
import { annotationsOf, injectionOf } from "./injectSidecars";

/** Kubernetes' own namespaces: never injected, and not Istio's to analyse (IsSystemNamespace). */
const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease", "local-path-storage"]);

/** Names (or prefixes before `-`) Istio reads a protocol from: protocol.Parse in I-CODE pkg/config/protocol. */
const PROTOCOL_NAMES = new Set([
  "tcp",
  "udp",
  "grpc",
  "grpc-web",
  "http",
  "http_proxy",
  "http2",
  "https",
  "tls",
  "mongo",
  "redis",
  "mysql",
]);
/** Kubernetes' standard appProtocol values, which Istio maps to HTTP2, HTTP and HTTPS. */
const K8S_APP_PROTOCOLS = new Set(["kubernetes.io/h2c", "kubernetes.io/ws", "kubernetes.io/wss"]);
/** SMTP, DNS, MySQL, MongoDB: never sniffed, TCP when the name says nothing. */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);

/**
 * Whether Istio knows a Service port's protocol without sniffing (I-CODE pkg/config/kube
 * ConvertProtocol): UDP as declared; else appProtocol when set, instead of the name; else the
 * name up to its first `-` (`grpc-web` whole); a few well-known ports default to TCP.
 */
export function protocolDeclared(
  port: number,
  name: string | null,
  protocol: string,
  appProtocol: string | null,
): boolean {
  if (protocol === "UDP" || WELL_KNOWN_PORTS.has(port)) return true;
  if (appProtocol !== null && K8S_APP_PROTOCOLS.has(appProtocol)) return true;
  const label = (appProtocol ?? name ?? "").toLowerCase();
  if (label.startsWith("grpc-web")) return true;
  return PROTOCOL_NAMES.has(label.split("-")[0] ?? "");
}

/** Istio's own workloads: istiod and gateway proxies, which have no sidecar by design. */
function isIstioComponent(labels: Record<string, string>): boolean {
  return labels.app === "istiod" || labels.istio === "pilot" || /gateway$/.test(labels.istio ?? "");
}

/**
 * The PeerAuthentication that makes a pod's mTLS STRICT, or null (semantics 4.6): workload
 * policy (or one of its port-level modes), then namespace, then mesh-wide in the root namespace;
 * UNSET inherits. `policies` are oldest first, so the oldest wins a tie.
 */
function strictPolicy(
  policies: readonly PeerAuthenticationDecl[],
  pod: SimPod,
  rootNamespace: string,
): PeerAuthenticationDecl | null {
  const local = policies.filter((pa) => pa.object.namespace === pod.namespace);
  const workload = local.find((pa) => pa.selector && selectorMatches(pa.selector, pod.labels));
  if (workload && Object.values(workload.portLevel).includes("STRICT")) return workload;
  const decided =
    (workload?.mode !== "UNSET" ? workload : undefined) ??
    local.find((pa) => !pa.selector && pa.mode !== "UNSET") ??
    policies.find((pa) => pa.object.namespace === rootNamespace && !pa.selector && pa.mode !== "UNSET");
  return decided?.mode === "STRICT" ? decided : null;
}

function scopeOf(pa: PeerAuthenticationDecl, rootNamespace: string): string {
  if (pa.selector) return "this workload";
  return pa.object.namespace === rootNamespace ? "the whole mesh" : `namespace ${pa.object.namespace}`;
}

/** Pods without a sidecar whose namespace (or mesh, or workload policy) demands mTLS. */
function lintStrictWithoutSidecar(
  ctx: ReconcileContext,
  decls: MeshDecls,
  pods: readonly SimPod[],
  objects: ReadonlyMap<string, ManifestObject>,
  options: MeshWorkloadOptions,
): void {
  const policies = [...decls.peerAuthentications].sort(
    (a, b) =>
      (a.createdAt ?? "").localeCompare(b.createdAt ?? "") ||
      a.object.namespace.localeCompare(b.object.namespace) ||
      a.object.name.localeCompare(b.object.name),
  );
  if (!policies.some((pa) => pa.mode === "STRICT" || Object.values(pa.portLevel).includes("STRICT"))) return;
  const gatewaySelectors = decls.gateways.map((g) => g.selector).filter((s) => Object.keys(s).length > 0);
  const bySource = new Map<
    string,
    { object: ManifestObject; pods: SimPod[]; policy: PeerAuthenticationDecl }
  >();
  for (const pod of pods) {
    if (pod.sidecar || SYSTEM_NAMESPACES.has(pod.namespace) || isAssumed(pod.source)) continue;
    if (isIstioComponent(pod.labels) || gatewaySelectors.some((s) => selectorMatches(s, pod.labels)))
      continue;
    const policy = strictPolicy(policies, pod, options.rootNamespace);
    const key = objectKey(pod.namespace, pod.sourceKind, pod.sourceName);
    const object = objects.get(key);
    if (!policy || !object) continue;
    const entry = bySource.get(key);
    if (entry) entry.pods.push(pod);
    else bySource.set(key, { object, pods: [pod], policy });
  }
  for (const { object, pods: group, policy } of bySource.values()) {
    const [pod] = group;
    if (!pod) continue;
    const { why } = injectionOf(pod, annotationsOf(object), options.namespaceLabels.get(pod.namespace) ?? {});
    report(
      ctx,
      object,
      "istio-strict-no-sidecar",
      `${object.kind} ${object.name}: ${group.length === 1 ? "its pod runs" : `its ${group.length} pods run`} without an Istio sidecar (${why}), but PeerAuthentication ${policy.object.namespace}/${policy.object.name} makes mTLS STRICT for ${scopeOf(policy, options.rootNamespace)}. No sidecar enforces it on ${group.length === 1 ? "this pod" : "these pods"}, and the plaintext requests ${group.length === 1 ? "it sends" : "they send"} to STRICT sidecars are reset (istioctl analyze reports such pods as IST0103 PodMissingProxy when their namespace is injected).`,
      ["metadata", "name"],
    );
  }
}

/** Why a Service is in the mesh, or null: its namespace injects, or a pod behind it has a sidecar. */
function meshReason(
  service: SimService,
  podLabels: PodLabelIndex,
  namespaceLabels: ReadonlyMap<string, Record<string, string>>,
): string | null {
  const labels = namespaceLabels.get(service.namespace) ?? {};
  if (labels["istio-injection"] === "enabled")
    return `namespace ${service.namespace} has istio-injection=enabled`;
  if (labels["istio-injection"] !== "disabled" && labels["istio.io/rev"] !== undefined)
    return `namespace ${service.namespace} has istio.io/rev=${labels["istio.io/rev"]}`;
  const selector = service.selector;
  const injected = selector && podLabels.select(service.namespace, selector).find((p) => p.sidecar);
  return injected ? `pod ${injected.name} behind it has a sidecar` : null;
}

/** IST0118 for the ports of Services in the mesh (Istio's control plane and gateways excepted). */
function lintPortProtocols(
  ctx: ReconcileContext,
  pods: readonly SimPod[],
  services: readonly SimService[],
  objects: ReadonlyMap<string, ManifestObject>,
  options: MeshWorkloadOptions,
): void {
  const podLabels = indexPodLabels(pods);
  for (const service of services) {
    if (isAssumed(service.source) || SYSTEM_NAMESPACES.has(service.namespace)) continue;
    if (service.selector && isIstioComponent(service.selector)) continue;
    const object = objects.get(service.key);
    const reason = object ? meshReason(service, podLabels, options.namespaceLabels) : null;
    if (!object || !reason) continue;
    const written = list(record(object.body.spec).ports);
    for (const port of service.ports) {
      const appProtocol = text(record(written[port.index]).appProtocol);
      if (protocolDeclared(port.port, port.name, port.protocol, appProtocol)) continue;
      const said = [
        port.name ? `name "${port.name}"` : "no name",
        ...(appProtocol ? [`appProtocol ${appProtocol}`] : []),
      ];
      report(
        ctx,
        object,
        "istio-port-protocol",
        `Service ${service.name}: Istio cannot tell the protocol of port ${port.port} (${said.join(", ")}), so sidecars sniff it from the first bytes (istioctl analyze IST0118 PortNameIsNotUnderNamingConvention). The Service is in the mesh because ${reason}.`,
        port.name ? ["spec", "ports", port.index, "name"] : ["spec", "ports", port.index],
      );
    }
  }
}

export interface MeshWorkloadOptions {
  rootNamespace: string;
  namespaceLabels: ReadonlyMap<string, Record<string, string>>;
}

export function lintMeshWorkloads(
  ctx: ReconcileContext,
  decls: MeshDecls,
  pods: readonly SimPod[],
  services: readonly SimService[],
  options: MeshWorkloadOptions,
): void {
  // The last definition of an object wins, as with `kubectl apply`.
  const objects = new Map(ctx.manifest.objects.map((o) => [objectKey(o.namespace, o.kind, o.name), o]));
  lintStrictWithoutSidecar(ctx, decls, pods, objects, options);
  lintPortProtocols(ctx, pods, services, objects, options);
}
