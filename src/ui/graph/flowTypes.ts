import type { Node } from "@xyflow/react";
import type { ProxyMode, SimNode, SimPod, SimService } from "../../engine/model";
import type { HopKind } from "../../engine/traceTypes";
import type { PathState } from "../../playback/pathHighlight";

/** How a card takes part in the request shown: not at all, passed, the current hop, or where it failed. */
export type CardState = PathState | "idle";

// A type alias, not an interface: React Flow's node data must be assignable to Record<string, unknown>.
type CardData = {
  state: CardState;
  /** The current hop when it happens on this card: kube-proxy and containers light their own chip. */
  hop: { kind: HopKind; name: string } | null;
};

export type ClientFlowNode = Node<CardData, "client">;
export type LoadBalancerFlowNode = Node<CardData & { service: SimService }, "loadBalancer">;
export type ServiceFlowNode = Node<CardData & { service: SimService }, "service">;
/** A port kube-proxy opens on every node, and the Service it leads to. */
export type NodePortChip = { nodePort: number; service: string };
export type RegionFlowNode = Node<
  CardData & { node: SimNode; proxyMode: ProxyMode; empty: boolean; nodePorts: NodePortChip[] },
  "region"
>;
/** istiod: the control plane, and how many proxies it configures. */
export type ControlPlane = { sidecars: number; gateways: number };
export type PodFlowNode = Node<CardData & { pod: SimPod; controlPlane: ControlPlane | null }, "pod">;

export type AppFlowNode =
  | ClientFlowNode
  | LoadBalancerFlowNode
  | ServiceFlowNode
  | RegionFlowNode
  | PodFlowNode;
