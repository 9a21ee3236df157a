/**
 * What the workload controllers do when pods disappear or the replica count changes, each in the
 * words of the controller that does it (ReplicaSet, StatefulSet, DaemonSet).
 */
import { record } from "../engine/kinds/read";
import type { SimPod } from "../engine/model";
import type { EventEffects } from "./clusterEvents";
import { type ClusterState, controllerOf, type WorkloadRef, workloadKey } from "./clusterState";
import { list, names, plural } from "./prose";

/** What one step did: sentences for the narration and the pods it touched. */
export interface Story {
  lines: string[];
  effects: Omit<EventEffects, "endpoints">;
}

export function emptyStory(): Story {
  return { lines: [], effects: { deleted: [], created: [], notReady: [], pending: [] } };
}

/**
 * A pod is deleted (killed, evicted, drained). On a NotReady node its kubelet never confirms, so
 * the object stays Terminating: a ReplicaSet or DaemonSet replaces it anyway, but a StatefulSet
 * waits, to keep at most one pod per identity (kubernetes.io "Force Delete StatefulSet Pods";
 * kubernetes/kubernetes#54368). Returns false for that StatefulSet case: the pod stays, not ready.
 */
export function deletePod(state: ClusterState, pod: SimPod, story: Story): boolean {
  const node = state.findNode(pod.nodeName);
  if (pod.owner?.kind === "StatefulSet" && node && !node.ready) {
    story.lines.push(
      `${pod.name} stays Terminating on ${pod.nodeName}, whose kubelet cannot confirm the deletion, so StatefulSet ${pod.owner.name} does not create ${pod.name} again: it keeps at most one pod per identity until the node returns or someone force-deletes the pod.`,
    );
    return false;
  }
  const at = state.remove(pod);
  story.effects.deleted.push(pod);
  recreate(state, pod, at, story);
  return true;
}

/** The owner's reaction to a deleted pod: a replacement (new name or, for a StatefulSet, the same). */
function recreate(state: ClusterState, gone: SimPod, at: number, story: Story): void {
  const w = controllerOf(gone);
  const owner = gone.owner;
  if (!w || !owner) {
    story.lines.push(`Nothing recreates ${gone.name}: it was a bare Pod, and no controller owns it.`);
    return;
  }
  const { namespace } = gone;
  const name = owner.kind === "StatefulSet" ? gone.name : state.nextReplicaName(namespace, owner.name);
  const counted = state.countOf(w);
  const placement = state.place(gone, name, owner.kind === "DaemonSet" ? gone.nodeName : null);
  if (!placement.ok) {
    const entry = {
      namespace,
      name,
      owner: `${owner.kind} ${owner.name}`,
      reason: placement.reason,
      workload: workloadKey(w),
    };
    state.addPending(entry);
    story.effects.pending.push(entry);
    story.lines.push(
      `${owner.kind} ${owner.name} created ${name} to replace ${gone.name}, but ${placement.reason}: it stays Pending.`,
    );
    return;
  }
  const pod = state.addPod(gone, name, placement, at);
  story.effects.created.push({ pod, replaces: gone.key });
  const where = `on ${pod.nodeName} with IP ${pod.ip}`;
  if (owner.kind === "StatefulSet") {
    const domain = state.base.cluster.settings.clusterDomain;
    const dns = pod.subdomain
      ? ` and its DNS name ${pod.hostname}.${pod.subdomain}.${namespace}.svc.${domain} now resolves to it`
      : "";
    story.lines.push(
      `StatefulSet ${owner.name} created ${name} again, with the same name and ordinal, ${where} (a new address)${dns}.`,
    );
  } else if (owner.kind === "DaemonSet") {
    story.lines.push(
      `DaemonSet ${owner.name} runs one pod per node, so it created ${name} on the same node ${pod.nodeName} with IP ${pod.ip}.`,
    );
  } else {
    story.lines.push(
      `${owner.kind} ${owner.name} counted ${counted} of ${state.desiredReplicas(w)} pods and created ${name} ${where}.`,
    );
  }
}

/** Creates one pod of a workload for a scale-up; a new name, or the StatefulSet's ordinal name. */
function createReplica(state: ClusterState, w: WorkloadRef, template: SimPod, name: string, story: Story) {
  const placement = state.place(template, name, null);
  const owner = template.owner ?? { kind: w.kind, name: w.name };
  if (!placement.ok) {
    const entry = {
      namespace: w.namespace,
      name,
      owner: `${owner.kind} ${owner.name}`,
      reason: placement.reason,
      workload: workloadKey(w),
    };
    state.addPending(entry);
    story.effects.pending.push(entry);
    return `${name} (Pending: ${placement.reason})`;
  }
  const pod = state.addPod(template, name, placement, -1);
  story.effects.created.push({ pod, replaces: null });
  return `${name} on ${pod.nodeName} (${pod.ip})`;
}

/**
 * The ReplicaSet controller's scale-down order (kubernetes/kubernetes pkg/controller/
 * controller_utils.go ActivePodsWithRanks; the ReplicaSet concept page): Pending pods first, then
 * not-ready ones, then pods on nodes that run more of its pods, then the most recently created.
 * Not modelled: pod-deletion-cost (every pod of a template carries the same value) and the
 * log-scale time buckets with their random tie-break (creation order decides here).
 */
export function scaleDownOrder(state: ClusterState, pods: readonly SimPod[]): SimPod[] {
  const onNode = new Map<string, number>();
  for (const p of pods) onNode.set(p.nodeName, (onNode.get(p.nodeName) ?? 0) + 1);
  const rank = (p: SimPod) => onNode.get(p.nodeName) ?? 0;
  return [...pods].sort(
    (a, b) => Number(a.ready) - Number(b.ready) || rank(b) - rank(a) || state.birthOf(b) - state.birthOf(a),
  );
}

function ordinalOf(pod: { name: string }, statefulSet: string): number {
  return Number(pod.name.slice(statefulSet.length + 1));
}

/** ReplicaSet (or a Deployment's ReplicaSet) to `replicas` pods. */
export function scaleReplicaSet(state: ClusterState, w: WorkloadRef, replicas: number, story: Story): void {
  const template = state.templateOf(w);
  const rs = template?.owner?.name ?? w.name;
  const count = state.countOf(w);
  if (replicas > count && template) {
    const made: string[] = [];
    for (let i = count; i < replicas; i++)
      made.push(createReplica(state, w, template, state.nextReplicaName(w.namespace, rs), story));
    story.lines.push(
      `ReplicaSet ${rs} now wants ${plural(replicas, "pod")} and had ${count}: it created ${list(made)}.`,
    );
  } else if (replicas < count) {
    let excess = count - replicas;
    const dropped = state.removePending(w, excess);
    excess -= dropped.length;
    const doomed = scaleDownOrder(state, state.podsOf(w)).slice(0, excess);
    for (const pod of doomed) {
      state.remove(pod);
      story.effects.deleted.push(pod);
    }
    const gone = [
      ...dropped,
      ...doomed.map((p) => `${p.name} (${p.ready ? "" : "not ready, "}on ${p.nodeName})`),
    ];
    story.lines.push(
      `ReplicaSet ${rs} now wants ${plural(replicas, "pod")} and had ${count}, so it deleted ${list(gone)}. Its order: Pending pods first, then not-ready ones, then pods on the nodes that run most of its replicas, then the newest.`,
    );
  }
}

/**
 * StatefulSet to `replicas` pods: ordinals 0..replicas-1. Scale-down removes the highest ordinals
 * first; scale-up creates the missing ordinals in order and, with the default OrderedReady
 * podManagementPolicy, only while every lower ordinal is Running and Ready (StatefulSet concept
 * page, "Deployment and Scaling Guarantees").
 */
export function scaleStatefulSet(state: ClusterState, w: WorkloadRef, replicas: number, story: Story): void {
  const pods = state.podsOf(w);
  const { entries } = state.pendingOf(w);
  const doomed = pods
    .filter((p) => ordinalOf(p, w.name) >= replicas)
    .sort((a, b) => ordinalOf(b, w.name) - ordinalOf(a, w.name));
  if (doomed.length > 0 || entries.some((e) => ordinalOf(e, w.name) >= replicas)) {
    state.removePending(w, entries.filter((e) => ordinalOf(e, w.name) >= replicas).length);
    for (const pod of doomed) {
      state.remove(pod);
      story.effects.deleted.push(pod);
    }
    story.lines.push(
      `StatefulSet ${w.name} deleted ${names(doomed)}, highest ordinal first: each pod goes only after the ones above it have.`,
    );
  }
  const template = state.templateOf(w);
  if (!template) return;
  const present = new Set(
    [...state.podsOf(w), ...state.pendingOf(w).entries].map((p) => ordinalOf(p, w.name)),
  );
  const object = state.workloadDecl(w)?.object;
  const ordered = record(object?.body.spec).podManagementPolicy !== "Parallel";
  const made: string[] = [];
  let blocked: string | undefined;
  for (let i = 0; i < replicas; i++) {
    if (present.has(i)) continue;
    if (ordered) {
      const lower = (p: { name: string }) => ordinalOf(p, w.name) < i;
      blocked =
        state.podsOf(w).find((p) => lower(p) && !p.ready)?.name ??
        state.pendingOf(w).entries.find(lower)?.name;
      if (blocked) break;
    }
    made.push(createReplica(state, w, template, `${w.name}-${i}`, story));
    present.add(i);
  }
  if (made.length > 0) story.lines.push(`StatefulSet ${w.name} created ${list(made)}, in ordinal order.`);
  if (blocked)
    story.lines.push(
      `StatefulSet ${w.name} waits before creating more: ${blocked} is not Running and Ready, and with podManagementPolicy OrderedReady it creates the next ordinal only after every lower one is.`,
    );
}
