import { record, stringMap } from "../kinds/read";
import type { SimContainer, SimPod } from "../model";
import type { ManifestObject } from "../parse/parseManifests";

/** What the injector adds: Envoy, listening on 15001 (outbound) and 15006 (inbound) after istio-init's redirect. */
export const ISTIO_PROXY: SimContainer = {
  name: "istio-proxy",
  image: "docker.io/istio/proxyv2:1.28.0",
  ports: [{ name: "http-envoy-prom", containerPort: 15090, protocol: "TCP" }],
};

/** Namespaces the injector never touches (semantics 4.1). */
const IGNORED = new Set(["kube-system", "kube-public"]);

export type InjectionVerdict = { injected: boolean; why: string };

/**
 * The sidecar injector's decision at pod creation (semantics 4.1, I-CODE inject.go): a disabling
 * label or annotation wins, then an enabling one; otherwise no sidecar (enableNamespacesByDefault
 * is off). The pod label beats the legacy annotation; `istio-injection` beats `istio.io/rev`.
 */
export function injectionOf(
  pod: Pick<SimPod, "namespace" | "labels">,
  annotations: Record<string, string>,
  namespaceLabels: Record<string, string>,
): InjectionVerdict {
  if (IGNORED.has(pod.namespace))
    return { injected: false, why: `namespace ${pod.namespace} is never injected` };
  const podSays = pod.labels["sidecar.istio.io/inject"] ?? annotations["sidecar.istio.io/inject"];
  const nsSays = namespaceLabels["istio-injection"];
  const revision = namespaceLabels["istio.io/rev"];
  if (podSays === "false") return { injected: false, why: "the pod says sidecar.istio.io/inject: false" };
  if (nsSays === "disabled")
    return { injected: false, why: `namespace ${pod.namespace} has istio-injection=disabled` };
  if (podSays === "true") return { injected: true, why: "the pod says sidecar.istio.io/inject: true" };
  if (nsSays === "enabled")
    return { injected: true, why: `namespace ${pod.namespace} has istio-injection=enabled` };
  if (revision !== undefined)
    return { injected: true, why: `namespace ${pod.namespace} has istio.io/rev=${revision}` };
  return { injected: false, why: `namespace ${pod.namespace} is not labelled for injection` };
}

/** A pod's annotations: the Pod's own, or its workload's pod template's. */
export function annotationsOf(object: ManifestObject | undefined): Record<string, string> {
  if (!object) return {};
  const body = record(object.body);
  const metadata =
    object.kind === "Pod" ? record(body.metadata) : record(record(record(body.spec).template).metadata);
  return stringMap(metadata.annotations);
}

/** Adds istio-proxy to every pod the injector would have injected. */
export function injectSidecars(
  pods: readonly SimPod[],
  namespaceLabels: ReadonlyMap<string, Record<string, string>>,
  objects: readonly ManifestObject[],
): SimPod[] {
  const byKey = new Map(objects.map((o) => [`${o.namespace}/${o.kind}/${o.name}`, o]));
  return pods.map((pod) => {
    const source = byKey.get(`${pod.namespace}/${pod.sourceKind}/${pod.sourceName}`);
    const { injected } = injectionOf(pod, annotationsOf(source), namespaceLabels.get(pod.namespace) ?? {});
    return injected ? { ...pod, sidecar: true, containers: [...pod.containers, ISTIO_PROXY] } : pod;
  });
}
