import type { NodeProps } from "@xyflow/react";
import type { SimService } from "../../engine/model";
import { Card } from "./Card";
import type { ServiceFlowNode } from "./flowTypes";

export function ServiceCard({ data: { service, state } }: NodeProps<ServiceFlowNode>) {
  const nodePorts = service.ports.flatMap((p) => (p.nodePort === null ? [] : [p.nodePort]));
  return (
    <Card
      kind="Service"
      namespace={service.namespace}
      name={service.name}
      state={state}
      label={`Service · ${service.headless ? "headless" : service.type}`}
      title={service.name}
    >
      <p className="card__line mono" title={address(service)}>
        {address(service)}
      </p>
      {nodePorts.length > 0 && (
        <p className="card__line card__line--muted">node port {nodePorts.join(", ")}</p>
      )}
    </Card>
  );
}

/** `ClusterIP:port → targetPort` for each port, as kubectl would describe it. */
function address(service: SimService): string {
  if (service.type === "ExternalName") return `→ ${service.externalName ?? "?"}`;
  const ip = service.clusterIP ?? "None";
  return service.ports
    .map((p) => `${ip}:${p.port}${String(p.targetPort) === String(p.port) ? "" : ` → ${p.targetPort}`}`)
    .join("  ");
}
