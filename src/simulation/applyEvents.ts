import { list, record } from "../engine/kinds/read";
import type { Analysis, SimNode, SimPod } from "../engine/model";
import type { ClusterEvent, EventError, EventResult, EventRun } from "./clusterEvents";
import { ClusterState, controllerOf, type WorkloadRef } from "./clusterState";
import { deletePod, emptyStory, type Story, scaleReplicaSet, scaleStatefulSet } from "./controllers";
import { describeEndpointChange, endpointChanges } from "./endpointChanges";
import { names } from "./prose";

type Step = Story | EventError;

function available(items: readonly string[]): string {
  if (items.length === 0) return "none";
  const shown = items.slice(0, 6).join(", ");
  return items.length > 6 ? `${shown}, ...` : shown;
}

function podOrError(state: ClusterState, namespace: string, name: string): SimPod | EventError {
  const pod = state.findPod(namespace, name);
  if (pod) return pod;
  const here = state.pods.filter((p) => p.namespace === namespace).map((p) => p.name);
  return {
    code: "pod-not-found",
    message: `There is no running pod "${name}" in namespace ${namespace} (pods there: ${available(here)}).`,
  };
}

function nodeOrError(state: ClusterState, name: string): SimNode | EventError {
  return (
    state.findNode(name) ?? {
      code: "node-not-found",
      message: `There is no node "${name}" (nodes: ${available(state.nodes.map((n) => n.name))}).`,
    }
  );
}

function isError(value: object): value is EventError {
  return "code" in value;
}

function killPod(state: ClusterState, event: Extract<ClusterEvent, { kind: "kill-pod" }>): Step {
  const pod = podOrError(state, event.namespace, event.pod);
  if (isError(pod)) return pod;
  const story = emptyStory();
  story.lines.push(`Pod ${pod.name} (${pod.ip} on ${pod.nodeName}) was deleted and its containers stopped.`);
  deletePod(state, pod, story);
  return story;
}

function podNotReady(state: ClusterState, event: Extract<ClusterEvent, { kind: "pod-not-ready" }>): Step {
  const pod = podOrError(state, event.namespace, event.pod);
  if (isError(pod)) return pod;
  const story = emptyStory();
  if (!pod.ready) {
    story.lines.push(`Pod ${pod.name} is already not ready: nothing changes.`);
    return story;
  }
  state.replace(pod, { ...pod, ready: false });
  story.effects.notReady.push(pod);
  story.lines.push(
    `The readiness probe of ${pod.name} starts failing, so the kubelet on ${pod.nodeName} sets its Ready condition to False; the pod keeps Running with IP ${pod.ip}.`,
    "No controller replaces it: ReplicaSets and StatefulSets count pods, not ready ones, and only a failing liveness probe would restart the container.",
  );
  return story;
}

function scale(state: ClusterState, event: Extract<ClusterEvent, { kind: "scale" }>): Step {
  const w: WorkloadRef = { namespace: event.namespace, kind: event.workload.kind, name: event.workload.name };
  if (!Number.isInteger(event.replicas) || event.replicas < 0)
    return {
      code: "invalid-replicas",
      message: `Replicas must be a whole number of at least 0, not ${event.replicas}.`,
    };
  const decl = state.workloadDecl(w);
  // A Deployment's ReplicaSet: its pods count towards the Deployment, whose controller would set
  // the ReplicaSet's replicas straight back.
  const ownerRef = record(list(record(decl?.object.body.metadata).ownerReferences)[0]);
  const ownedPod = state.pods.find(
    (p) => p.namespace === w.namespace && p.owner?.name === w.name && p.workload !== w.name,
  );
  if (w.kind === "ReplicaSet" && (ownedPod || ownerRef.kind === "Deployment"))
    return {
      code: "replicaset-owned-by-deployment",
      message: `ReplicaSet ${w.name} belongs to Deployment ${ownedPod?.workload ?? "its owner"}, which would set its replicas back: scale the Deployment instead.`,
    };
  if (!decl && state.podsOf(w).length === 0) {
    const known = state.base.manifest.objects
      .filter((o) => o.kind === w.kind && o.namespace === w.namespace)
      .map((o) => o.name);
    return {
      code: "workload-not-found",
      message: `There is no ${w.kind} "${w.name}" in namespace ${w.namespace} (${w.kind}s there: ${available(known)}).`,
    };
  }
  const story = emptyStory();
  const was = state.desiredReplicas(w);
  state.setDesiredReplicas(w, event.replicas);
  story.lines.push(`${w.kind} ${w.name}: spec.replicas went from ${was} to ${event.replicas}.`);
  if (w.kind === "StatefulSet") scaleStatefulSet(state, w, event.replicas, story);
  else scaleReplicaSet(state, w, event.replicas, story);
  if (story.lines.length === 1) story.lines.push(`It already has ${event.replicas}: nothing changes.`);
  return story;
}

function nodeFail(state: ClusterState, event: Extract<ClusterEvent, { kind: "node-fail" }>): Step {
  const node = nodeOrError(state, event.node);
  if (isError(node)) return node;
  const story = emptyStory();
  if (!node.ready) {
    story.lines.push(`Node ${node.name} is already NotReady: nothing changes.`);
    return story;
  }
  state.setNode(node.name, { ready: false });
  const affected = state.pods.filter((p) => p.nodeName === node.name && p.ready);
  for (const pod of affected) state.replace(pod, { ...pod, ready: false });
  story.effects.notReady.push(...affected);
  story.lines.push(
    `Node ${node.name} stopped answering. After node-monitor-grace-period (50 s by default since Kubernetes 1.32, 40 s before), the node lifecycle controller set its Ready condition to Unknown, tainted it node.kubernetes.io/unreachable and marked its pods not ready${affected.length > 0 ? `: ${names(affected)}` : " (it runs none)"}.`,
    `Nothing is rescheduled yet: pods tolerate that taint for 300 s (added by the DefaultTolerationSeconds admission plugin), and no new pod is scheduled on ${node.name}. A taint-eviction event plays what happens after those 300 s.`,
  );
  return story;
}

function taintEviction(state: ClusterState, event: Extract<ClusterEvent, { kind: "taint-eviction" }>): Step {
  const node = nodeOrError(state, event.node);
  if (isError(node)) return node;
  if (node.ready)
    return {
      code: "node-not-failed",
      message: `Node ${node.name} is Ready, so it has no unreachable taint to evict pods for: play a node-fail event first.`,
    };
  const story = emptyStory();
  const onNode = state.pods.filter((p) => p.nodeName === node.name);
  // DaemonSet pods tolerate node.kubernetes.io/unreachable:NoExecute with no tolerationSeconds.
  const daemons = onNode.filter((p) => p.owner?.kind === "DaemonSet");
  const evicted = onNode.filter((p) => p.owner?.kind !== "DaemonSet");
  story.lines.push(
    evicted.length > 0
      ? `300 s after ${node.name} became unreachable, the taint-eviction-controller deleted the pods that tolerate node.kubernetes.io/unreachable for only that long: ${names(evicted)}. With the kubelet gone they stay Terminating in the API until the node returns or its Node object is deleted, and they get no traffic.`
      : `300 s after ${node.name} became unreachable, the taint-eviction-controller found no pod to evict there.`,
  );
  for (const pod of evicted) deletePod(state, pod, story);
  if (daemons.length > 0)
    story.lines.push(
      `DaemonSet pods tolerate that taint with no time limit, so ${names(daemons)} stay${daemons.length === 1 ? "s" : ""} on ${node.name}, not ready.`,
    );
  return story;
}

function nodeDrain(state: ClusterState, event: Extract<ClusterEvent, { kind: "node-drain" }>): Step {
  const node = nodeOrError(state, event.node);
  if (isError(node)) return node;
  const story = emptyStory();
  state.setNode(node.name, { unschedulable: true });
  const onNode = state.pods.filter((p) => p.nodeName === node.name);
  const daemons = onNode.filter((p) => p.owner?.kind === "DaemonSet");
  const evicted = onNode.filter((p) => p.owner?.kind !== "DaemonSet");
  const bare = evicted.filter((p) => controllerOf(p) === null);
  story.lines.push(
    `kubectl drain ${node.name} --ignore-daemonsets --force cordoned the node (spec.unschedulable: true) and evicted ${evicted.length > 0 ? names(evicted) : "nothing: no pod there is evictable"}${bare.length > 0 ? ` (--force lets it delete the bare ${bare.length === 1 ? "Pod" : "Pods"} ${names(bare)})` : ""}.`,
  );
  for (const pod of evicted) deletePod(state, pod, story);
  if (daemons.length > 0)
    story.lines.push(
      `DaemonSet pods stay: drain skips ${names(daemons)}, and the DaemonSet controller ignores the cordon.`,
    );
  return story;
}

function play(state: ClusterState, event: ClusterEvent): Step {
  switch (event.kind) {
    case "kill-pod":
      return killPod(state, event);
    case "pod-not-ready":
      return podNotReady(state, event);
    case "scale":
      return scale(state, event);
    case "node-fail":
      return nodeFail(state, event);
    case "taint-eviction":
      return taintEviction(state, event);
    case "node-drain":
      return nodeDrain(state, event);
  }
}

/**
 * The cluster after `events`, in order, with what each controller did. Deterministic: the same
 * YAML and events give the same names and addresses, and pods no event touched keep theirs.
 * Events that name something missing give a coded error result and change nothing.
 */
export function applyEvents(analysis: Analysis, events: readonly ClusterEvent[]): EventRun {
  if (events.length === 0) return { analysis, results: [], pending: [] };
  const state = new ClusterState(analysis);
  const { services, settings } = analysis.cluster;
  const byKey = new Map(services.map((s) => [s.key, s]));
  const results: EventResult[] = events.map((event) => {
    const before = state.endpoints;
    const step = play(state, event);
    if (isError(step)) return { ok: false, event, error: step };
    state.refreshEndpoints();
    const endpoints = endpointChanges(services, before, state.endpoints);
    const narration = [
      ...step.lines,
      ...endpoints.flatMap((change) => {
        const service = byKey.get(change.service);
        return service ? [describeEndpointChange(change, service, settings.clusterDomain)] : [];
      }),
    ];
    return { ok: true, event, narration, effects: { ...step.effects, endpoints } };
  });
  return {
    analysis: { ...analysis, cluster: state.cluster() },
    results,
    pending: state.pending.map(({ workload: _, ...pod }) => pod),
  };
}
