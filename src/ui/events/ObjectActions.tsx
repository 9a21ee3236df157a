import { useState } from "react";
import type { ObjectRef } from "../../engine/diagnostics";
import type { Cluster } from "../../engine/model";
import type { ClusterEvent, ScalableKind } from "../../simulation/clusterEvents";
import { useApp } from "../../state/appStore";
import { selectApplyEvent, selectCluster } from "../../state/selectors";

/** The scalable workload a pod belongs to, as `kubectl scale` would name it. */
function workloadOf(
  cluster: Cluster,
  ref: ObjectRef,
): { kind: ScalableKind; name: string; replicas: number } | null {
  const pod = cluster.pods.find((p) => p.namespace === ref.namespace && p.name === ref.name);
  const owner = pod?.owner;
  if (!pod || !owner || owner.kind === "DaemonSet") return null;
  // A Deployment's ReplicaSet is scaled through the Deployment (it would undo a direct change).
  const kind: ScalableKind =
    owner.kind === "ReplicaSet" && pod.workload !== owner.name ? "Deployment" : owner.kind;
  const name = kind === "Deployment" ? pod.workload : owner.name;
  const replicas = cluster.pods.filter(
    (p) => p.namespace === pod.namespace && p.workload === pod.workload,
  ).length;
  return { kind, name, replicas };
}

/** What can happen to the selected pod or node, as cluster events. */
export function ObjectActions({ selected }: { selected: ObjectRef }) {
  const cluster = useApp(selectCluster);
  const apply = useApp(selectApplyEvent);
  const send = (event: ClusterEvent) => apply(event, performance.now());
  const workload = selected.kind === "Pod" ? workloadOf(cluster, selected) : null;
  const [replicas, setReplicas] = useState<number | null>(null);

  if (selected.kind === "Pod") {
    const { namespace, name: pod } = selected;
    return (
      <section className="actions" aria-label="Events for this pod">
        <h3 className="inspector__section">Make something happen</h3>
        <div className="actions__row">
          <button type="button" className="burst" onClick={() => send({ kind: "kill-pod", namespace, pod })}>
            Kill pod
          </button>
          <button
            type="button"
            className="burst"
            onClick={() => send({ kind: "pod-not-ready", namespace, pod })}
          >
            Mark not ready
          </button>
        </div>
        {workload && (
          <form
            className="actions__row"
            onSubmit={(e) => {
              e.preventDefault();
              send({
                kind: "scale",
                namespace,
                workload: { kind: workload.kind, name: workload.name },
                replicas: replicas ?? workload.replicas,
              });
            }}
          >
            <label className="field field--inline">
              <span className="field__label">
                Replicas of {workload.kind} {workload.name}
              </span>
              <input
                type="number"
                min={0}
                max={50}
                value={replicas ?? workload.replicas}
                onChange={(e) => setReplicas(Number(e.target.value))}
              />
            </label>
            <button type="submit" className="burst">
              Scale
            </button>
          </form>
        )}
      </section>
    );
  }
  if (selected.kind === "Node") {
    const node = selected.name;
    const state = cluster.nodes.find((n) => n.name === node);
    return (
      <section className="actions" aria-label="Events for this node">
        <h3 className="inspector__section">Make something happen</h3>
        <div className="actions__row">
          <button
            type="button"
            className="burst"
            disabled={state?.ready === false}
            onClick={() => send({ kind: "node-fail", node })}
          >
            Fail node
          </button>
          <button
            type="button"
            className="burst"
            disabled={state?.ready !== false}
            title="300 s after a failure: pods that do not tolerate the taint are evicted"
            onClick={() => send({ kind: "taint-eviction", node })}
          >
            Evict (after 300 s)
          </button>
          <button
            type="button"
            className="burst"
            disabled={state?.unschedulable === true}
            onClick={() => send({ kind: "node-drain", node })}
          >
            Drain node
          </button>
        </div>
      </section>
    );
  }
  return null;
}
