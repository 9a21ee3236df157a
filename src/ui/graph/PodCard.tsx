import type { NodeProps } from "@xyflow/react";
import { Card } from "./Card";
import type { PodFlowNode } from "./flowTypes";

/** A pod: rounded, with one chip per container; the chip lights up when the request reaches it. */
export function PodCard({ data: { pod, state, hop } }: NodeProps<PodFlowNode>) {
  const label = pod.owner ? `Pod · ${pod.workload}` : "Pod";
  return (
    <Card kind="Pod" namespace={pod.namespace} name={pod.name} state={state} label={label} title={pod.name}>
      <p className="card__line mono">
        {pod.ip}
        {!pod.ready && <span className="badge badge--warn">not ready</span>}
      </p>
      <ul className="chips" aria-label={`Containers of ${pod.name}`}>
        {pod.containers.map((c) => (
          <li
            key={c.name}
            className="chip"
            data-active={hop?.kind === "container" && hop.name === c.name ? "true" : undefined}
            title={`${c.name} (${c.image})`}
          >
            {c.name}
            {c.ports.length > 0 && (
              <span className="chip__port">:{c.ports.map((p) => p.containerPort).join(",")}</span>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
