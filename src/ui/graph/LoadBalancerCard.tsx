import type { NodeProps } from "@xyflow/react";
import { Card } from "./Card";
import type { LoadBalancerFlowNode } from "./flowTypes";

/** The cloud provider's load balancer for one LoadBalancer Service (named after the Service). */
export function LoadBalancerCard({ data: { service, state } }: NodeProps<LoadBalancerFlowNode>) {
  const ports = service.ports.map((p) => p.port).join(", ");
  return (
    <Card
      kind="LoadBalancer"
      namespace={service.namespace}
      name={service.name}
      state={state}
      label="Cloud load balancer"
      title={service.name}
    >
      <p className="card__line mono">
        {service.loadBalancerIPs.map((ip) => `${ip}:${ports}`).join(" ") || "<pending>"}
      </p>
    </Card>
  );
}
