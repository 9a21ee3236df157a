import type { NodeProps } from "@xyflow/react";
import { Card } from "./Card";
import type { ClientFlowNode } from "./flowTypes";

export function ClientCard({ data }: NodeProps<ClientFlowNode>) {
  return (
    <Card
      kind="Client"
      namespace=""
      name="external client"
      state={data.state}
      label="Outside the cluster"
      title="External client"
    />
  );
}
