/**
 * Cluster events: things that happen to a running cluster after the YAML was applied (a pod dies,
 * someone scales, a node fails or is drained). Simulated state on top of the manifest, whose text
 * never changes. `applyEvents` plays them in order; every event gets a narration or a coded error.
 */
import type { Analysis, ObjectKey, SimPod } from "../engine/model";

/** What `kubectl scale` accepts among the simulated workloads (a DaemonSet has no replica count). */
export type ScalableKind = "Deployment" | "ReplicaSet" | "StatefulSet";

export type ClusterEvent =
  /** The pod's containers die and its object is deleted (`kubectl delete pod`). */
  | { kind: "kill-pod"; namespace: string; pod: string }
  /** Its readiness probe starts failing: the pod keeps Running but is no longer Ready. */
  | { kind: "pod-not-ready"; namespace: string; pod: string }
  /** `kubectl scale --replicas=N` on a Deployment, ReplicaSet or StatefulSet. */
  | { kind: "scale"; namespace: string; workload: { kind: ScalableKind; name: string }; replicas: number }
  /** The node stops answering; node-monitor-grace-period later it is NotReady. */
  | { kind: "node-fail"; node: string }
  /** 300 s after a node failure: the taint-eviction-controller evicts what does not tolerate it. */
  | { kind: "taint-eviction"; node: string }
  /** `kubectl drain NODE --ignore-daemonsets --force`: cordon, then evict. */
  | { kind: "node-drain"; node: string };

export type ClusterEventKind = ClusterEvent["kind"];

/** Why an event could not be applied. A closed set: the UI, the CLI and the tests key on these. */
export type EventErrorCode =
  | "pod-not-found"
  | "node-not-found"
  | "workload-not-found"
  | "invalid-replicas"
  /** Scaling a ReplicaSet that a Deployment owns: the Deployment controller would undo it. */
  | "replicaset-owned-by-deployment"
  /** A taint-eviction event for a node that has not failed. */
  | "node-not-failed";

export interface EventError {
  code: EventErrorCode;
  message: string;
}

/** A pod the controller created but no node could take: it stays Pending, with no IP. */
export interface PendingPod {
  namespace: string;
  name: string;
  /** The controller that made it, e.g. `ReplicaSet web-5c4f9b7d8d`. */
  owner: string;
  reason: string;
}

/** Addresses of one Service before and after an event, as the EndpointSlice controller sees them. */
export interface EndpointsChange {
  service: ObjectKey;
  namespace: string;
  name: string;
  /** Ready addresses that are no longer ready (their pod is gone or not ready). */
  removed: string[];
  /** Addresses that became ready. */
  added: string[];
  /** Of `removed`: still listed in the EndpointSlice, with the condition ready=false. */
  notReady: string[];
  /** Ready addresses after the event. */
  ready: string[];
}

export interface EventEffects {
  /** Pods gone from the cluster (deleted, or evicted and no longer serving). */
  deleted: SimPod[];
  /** Pods a controller created, with the pod each one replaces when it is a replacement. */
  created: { pod: SimPod; replaces: ObjectKey | null }[];
  /** Pods that are still there but stopped being ready. */
  notReady: SimPod[];
  pending: PendingPod[];
  endpoints: EndpointsChange[];
}

export type EventResult =
  | { ok: true; event: ClusterEvent; narration: string[]; effects: EventEffects }
  | { ok: false; event: ClusterEvent; error: EventError };

export interface EventRun {
  /** The cluster after every event, with the manifest and diagnostics of the YAML unchanged. */
  analysis: Analysis;
  /** One per event, in order. A failed event changes nothing; the ones after it still apply. */
  results: EventResult[];
  /** Pods that are still Pending after the last event. */
  pending: PendingPod[];
}
