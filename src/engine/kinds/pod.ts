import type { ManifestObject } from "../parse/parseManifests";
import { type PodSpecDecl, readPodSpec } from "./podSpec";
import { list, record, stringMap, text } from "./read";

export interface PodDecl {
  object: ManifestObject;
  labels: Record<string, string>;
  spec: PodSpecDecl;
  /** `status.podIP` when the YAML came from a live cluster. */
  ip: string | null;
  /** Ready unless `status` says otherwise: a pod without probes is ready once running. */
  ready: boolean;
  /** Set when the pod belongs to a controller (kubectl output includes such pods). */
  ownerKind: string | null;
}

export function readPod(object: ManifestObject): PodDecl {
  const metadata = record(object.body.metadata);
  const status = record(object.body.status);
  const readyCondition = list(status.conditions)
    .map(record)
    .find((c) => c.type === "Ready");
  const phase = text(status.phase);
  const ready =
    (readyCondition ? readyCondition.status === "True" : true) &&
    (phase === null || phase === "Running" || phase === "Pending");
  const owner = list(metadata.ownerReferences).map(record)[0];
  return {
    object,
    labels: stringMap(metadata.labels),
    spec: readPodSpec(object.body.spec),
    ip: text(status.podIP),
    ready,
    ownerKind: owner ? text(owner.kind) : null,
  };
}
