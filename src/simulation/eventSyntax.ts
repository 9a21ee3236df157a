/**
 * Events as one-line text, for the CLI's `--event` and for share links:
 *   kill-pod:[NS/]POD   pod-not-ready:[NS/]POD   scale:[NS/]KIND/NAME=N
 *   node-fail:NODE      taint-eviction:NODE       node-drain:NODE
 * `parseEvent(formatEvent(e))` gives `e` back.
 */
import type { ClusterEvent, ScalableKind } from "./clusterEvents";

export const EVENT_SYNTAX =
  "kill-pod:[NS/]POD, pod-not-ready:[NS/]POD, scale:[NS/]KIND/NAME=N, node-fail:NODE, taint-eviction:NODE, node-drain:NODE";

/** Kinds as kubectl accepts them, short names included. */
const SCALABLE: Record<string, ScalableKind> = {
  deployment: "Deployment",
  deployments: "Deployment",
  deploy: "Deployment",
  replicaset: "ReplicaSet",
  replicasets: "ReplicaSet",
  rs: "ReplicaSet",
  statefulset: "StatefulSet",
  statefulsets: "StatefulSet",
  sts: "StatefulSet",
};

function namespaced(ref: string): [string, string] | null {
  const parts = ref.split("/");
  if (parts.length === 1 && parts[0]) return ["default", parts[0]];
  if (parts.length === 2 && parts[0] && parts[1]) return [parts[0], parts[1]];
  return null;
}

function parseScale(ref: string): ClusterEvent | string {
  const match = /^(.+)=(\d+)$/.exec(ref);
  if (!match) return `scale needs [NS/]KIND/NAME=N, not "${ref}".`;
  const parts = (match[1] as string).split("/");
  const [namespace, kind, name] = parts.length === 3 ? parts : ["default", ...parts];
  const workloadKind = SCALABLE[(kind ?? "").toLowerCase()];
  if (!namespace || !name || parts.length < 2 || parts.length > 3)
    return `scale needs [NS/]KIND/NAME=N, not "${ref}".`;
  if (!workloadKind)
    return `scale works on a Deployment, ReplicaSet or StatefulSet, not "${kind ?? ""}" (a DaemonSet runs one pod per node).`;
  return { kind: "scale", namespace, workload: { kind: workloadKind, name }, replicas: Number(match[2]) };
}

/** The event, or a message saying what is wrong with the text. */
export function parseEvent(text: string): ClusterEvent | string {
  const cut = text.indexOf(":");
  const kind = cut > 0 ? text.slice(0, cut) : text;
  const ref = cut > 0 ? text.slice(cut + 1).trim() : "";
  switch (kind) {
    case "kill-pod":
    case "pod-not-ready": {
      const pod = namespaced(ref);
      return pod ? { kind, namespace: pod[0], pod: pod[1] } : `${kind} needs [NS/]POD, not "${ref}".`;
    }
    case "scale":
      return parseScale(ref);
    case "node-fail":
    case "taint-eviction":
    case "node-drain":
      return ref && !ref.includes("/") ? { kind, node: ref } : `${kind} needs a node name, not "${ref}".`;
    default:
      return `"${text}" is not an event: use one of ${EVENT_SYNTAX}.`;
  }
}

export function formatEvent(event: ClusterEvent): string {
  switch (event.kind) {
    case "kill-pod":
    case "pod-not-ready":
      return `${event.kind}:${event.namespace}/${event.pod}`;
    case "scale":
      return `scale:${event.namespace}/${event.workload.kind.toLowerCase()}/${event.workload.name}=${event.replicas}`;
    case "node-fail":
    case "taint-eviction":
    case "node-drain":
      return `${event.kind}:${event.node}`;
  }
}
