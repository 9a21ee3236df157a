import { BaseEdge, type Edge, type EdgeProps } from "@xyflow/react";

export type TrailFlowEdge = Edge<{ d: string }, "trail">;

/**
 * The route the request has taken so far. It ignores the handles React Flow passes in and draws
 * the precomputed curve through the hop stops, the same curve the dot travels along.
 */
export function TrailEdge({ id, data }: EdgeProps<TrailFlowEdge>) {
  return <BaseEdge id={id} path={data?.d ?? ""} className="trail" />;
}
