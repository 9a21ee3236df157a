import type { ManifestObject } from "../parse/parseManifests";
import { type PodSpecDecl, readPodSpec } from "./podSpec";
import { integer, record, stringMap, text } from "./read";

export type WorkloadKind = "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet";

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set<WorkloadKind>([
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
]);

export interface WorkloadDecl {
  object: ManifestObject;
  kind: WorkloadKind;
  /** DaemonSets have no replica count: one pod per node. */
  replicas: number | null;
  templateLabels: Record<string, string>;
  template: PodSpecDecl;
  /** The template as written, for the pod-template-hash. */
  rawTemplate: unknown;
  /** StatefulSet's governing (headless) Service. */
  serviceName: string | null;
}

export function readWorkload(object: ManifestObject): WorkloadDecl {
  const spec = record(object.body.spec);
  const template = record(spec.template);
  const kind = object.kind as WorkloadKind;
  return {
    object,
    kind,
    // apps/v1 defaults replicas to 1 when omitted.
    replicas: kind === "DaemonSet" ? null : Math.max(0, integer(spec.replicas) ?? 1),
    templateLabels: stringMap(record(template.metadata).labels),
    template: readPodSpec(template.spec),
    rawTemplate: template,
    serviceName: text(spec.serviceName),
  };
}
