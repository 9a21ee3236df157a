import type { NodeProps } from "@xyflow/react";
import { Card } from "./Card";
import type { PodFlowNode } from "./flowTypes";

/** A pod: rounded, with one chip per container; the chip lights up when the request reaches it. */
export function PodCard({ data: { pod, state, hop, controlPlane } }: NodeProps<PodFlowNode>) {
  const label = controlPlane ? "Control plane · istiod" : pod.owner ? `Pod · ${pod.workload}` : "Pod";
  return (
    <Card
      kind="Pod"
      namespace={pod.namespace}
      name={pod.name}
      state={state}
      label={label}
      title={pod.name}
      className={controlPlane ? "card--control-plane" : ""}
    >
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
      {controlPlane && (
        <p className="card__note">
          configures {controlPlane.sidecars} sidecar{controlPlane.sidecars === 1 ? "" : "s"}
          {controlPlane.gateways > 0 &&
            ` and ${controlPlane.gateways} gateway pod${controlPlane.gateways === 1 ? "" : "s"}`}{" "}
          (xDS)
        </p>
      )}
    </Card>
  );
}
