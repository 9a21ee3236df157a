import type { Edge } from "@xyflow/react";
import type { ObjectRef } from "../../engine/diagnostics";
import { type Cluster, objectKey, type SimPod, type SimService } from "../../engine/model";
import { isIstiod } from "../../engine/reconcile/assumedIstio";
import { selectorMatches } from "../../engine/reconcile/buildEndpoints";
import type { Hop } from "../../engine/traceTypes";
import type { ClusterEdge } from "../../layout/clusterEdges";
import type { GraphId } from "../../layout/graphIds";
import type { Box, ClusterLayout } from "../../layout/layoutCluster";
import { edgeLabels } from "../../playback/flightPath";
import { curvePath } from "../../playback/hopCurve";
import type { PathHighlight } from "../../playback/pathHighlight";
import type { AppFlowNode, ControlPlane } from "./flowTypes";

/** The request shown on the graph, as far as the animation has got. */
export interface GraphFocus {
  highlight: PathHighlight;
  /** The current hop and the drawn thing it happens at. */
  hop: Hop | null;
  at: GraphId | null;
  /** Where the request started on the graph (the trail's first end). */
  start: GraphId | null;
}

/** The Kubernetes object a drawn box stands for: a load balancer is its Service's; the client is none. */
export function boxObject(box: Pick<Box, "kind" | "namespace" | "name">): ObjectRef | null {
  if (box.kind === "Client") return null;
  return {
    kind: box.kind === "LoadBalancer" ? "Service" : box.kind,
    namespace: box.namespace,
    name: box.name,
  };
}

/** Layout boxes -> React Flow nodes. Children get parent-relative positions, as React Flow wants. */
export function toFlowNodes(
  layout: ClusterLayout,
  cluster: Cluster,
  focus: GraphFocus | null,
  selected: ObjectRef | null,
): AppFlowNode[] {
  const boxes = new Map(layout.boxes.map((b) => [b.id, b]));
  const services = new Map<string, SimService>(cluster.services.map((s) => [s.key, s]));
  const pods = new Map<string, SimPod>(cluster.pods.map((p) => [p.key, p]));
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const hasChildren = new Set(layout.boxes.map((b) => b.parentId));
  const controlPlane = cluster.mesh ? meshProxies(cluster) : null;
  const nodePorts = cluster.services.flatMap((s) =>
    s.ports.flatMap((p) => (p.nodePort === null ? [] : [{ nodePort: p.nodePort, service: s.name }])),
  );

  return layout.boxes.flatMap((box): AppFlowNode[] => {
    const parent = box.parentId ? boxes.get(box.parentId) : undefined;
    const common = {
      id: box.id,
      position: parent ? { x: box.x - parent.x, y: box.y - parent.y } : { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      ...(parent ? { parentId: parent.id, extent: "parent" as const } : {}),
      selected: isSelected(box, selected),
      ariaLabel: `${box.kind === "Client" ? "External client" : `${box.kind} ${box.namespace ? `${box.namespace}/` : ""}${box.name}`}`,
    };
    const card = {
      state: focus?.highlight.states.get(box.id) ?? ("idle" as const),
      hop: focus?.hop && focus.at === box.id ? { kind: focus.hop.kind, name: focus.hop.name } : null,
    };
    switch (box.kind) {
      case "Client":
        return [{ ...common, type: "client", data: card }];
      case "LoadBalancer":
      case "Service": {
        const service = services.get(objectKey(box.namespace, "Service", box.name));
        if (!service) return [];
        const type = box.kind === "Service" ? "service" : "loadBalancer";
        return [{ ...common, type, data: { ...card, service } }];
      }
      case "Node": {
        const node = nodes.get(box.name);
        if (!node) return [];
        const data = {
          ...card,
          node,
          proxyMode: cluster.settings.proxyMode,
          empty: !hasChildren.has(box.id),
          nodePorts,
        };
        return [{ ...common, type: "region", data }];
      }
      case "Pod": {
        const pod = pods.get(objectKey(box.namespace, "Pod", box.name));
        if (!pod) return [];
        const data = { ...card, pod, controlPlane: isIstiod(pod.labels) ? controlPlane : null };
        return [{ ...common, type: "pod", data }];
      }
      default: {
        // Every BoxKind is drawn: a new kind fails to compile here.
        const undrawn: never = box.kind;
        return undrawn;
      }
    }
  });
}

/** What istiod pushes configuration to: every sidecar, and every pod a Gateway selects. */
function meshProxies(cluster: Cluster): ControlPlane {
  const gateways = cluster.mesh?.gateways ?? [];
  return {
    sidecars: cluster.pods.filter((p) => p.sidecar).length,
    gateways: cluster.pods.filter(
      (p) => !p.sidecar && gateways.some((g) => selectorMatches(g.selector, p.labels)),
    ).length,
  };
}

function isSelected(box: Box, selected: ObjectRef | null): boolean {
  const object = boxObject(box);
  return (
    box.kind !== "LoadBalancer" &&
    object !== null &&
    selected !== null &&
    object.kind === selected.kind &&
    object.namespace === selected.namespace &&
    object.name === selected.name
  );
}

/** Standing edges, lit where the request went, plus the trail of the request itself. */
export function toFlowEdges(
  edges: readonly ClusterEdge[],
  focus: GraphFocus | null,
  counts: Readonly<Record<string, number>>,
): Edge[] {
  const labels = edgeLabels(counts, new Map(edges.map((e) => [e.id, e.source])));
  const flow: Edge[] = edges.map((e) => {
    const onPath = focus?.highlight.links.has(e.id) ?? false;
    const label = labels.get(e.id);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      ...(label ? { label, labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 4 } : {}),
      className: `edge edge--${e.kind}${onPath ? " edge--on-path" : ""}${e.ready ? "" : " edge--not-ready"}`,
      selectable: false,
      focusable: false,
    };
  });
  const trail = focus?.highlight.trail ?? [];
  if (focus?.start && focus.at && trail.length >= 2) {
    flow.push({
      id: "trail",
      type: "trail",
      source: focus.start,
      target: focus.at,
      data: { d: curvePath(trail) },
      selectable: false,
      focusable: false,
    });
  }
  return flow;
}
