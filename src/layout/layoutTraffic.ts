import dagre from "@dagrejs/dagre";
import type { Cluster } from "../engine/model";
import type { ClusterEdge } from "./clusterEdges";
import { CLIENT_ID, type GraphId, loadBalancerId, podId, serviceId } from "./graphIds";
import { type Box, type ClusterLayout, SIZE } from "./layoutCluster";

/**
 * The Traffic view: client -> load balancers -> ingress controller and gateway pods -> Services
 * -> pods, left to right, laid out by dagre over the traffic edges. Nodes are left out: this view
 * is about where requests go, the Cluster view about where pods run. Deterministic: same cluster
 * and edges, same picture, because dagre is fed in a fixed (sorted) order.
 */
export function layoutTraffic(cluster: Cluster, edges: readonly ClusterEdge[]): ClusterLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: SIZE.rowGap, ranksep: SIZE.columnGap, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const items: Omit<Box, "x" | "y">[] = [
    {
      id: CLIENT_ID,
      kind: "Client" as const,
      namespace: "",
      name: "external client",
      ...SIZE.client,
      parentId: null,
    },
    ...cluster.services
      .filter((s) => s.type === "LoadBalancer")
      .map((s) => ({
        id: loadBalancerId(s.key),
        kind: "LoadBalancer" as const,
        namespace: s.namespace,
        name: s.name,
        ...SIZE.loadBalancer,
        parentId: null,
      })),
    ...cluster.services.map((s) => ({
      id: serviceId(s.key),
      kind: "Service" as const,
      namespace: s.namespace,
      name: s.name,
      ...SIZE.service,
      parentId: null,
    })),
    ...cluster.pods.map((p) => ({
      id: podId(p.key),
      kind: "Pod" as const,
      namespace: p.namespace,
      name: p.name,
      ...SIZE.pod,
      parentId: null,
    })),
  ].sort((a, b) => compare(a.id, b.id));
  const ids = new Set<GraphId>(items.map((i) => i.id));
  for (const item of items) g.setNode(item.id, { width: item.width, height: item.height });
  const drawn = [...edges]
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .sort((a, b) => compare(a.id, b.id));
  for (const e of drawn) g.setEdge(e.source, e.target);
  // A Service nothing routes to (called by pods, which draw no edge) would sit at the far left;
  // an invisible edge from the client puts it in the column of the other Services.
  const column = serviceColumn(drawn);
  for (const item of items) {
    if (item.kind === "Service" && !drawn.some((e) => e.target === item.id)) {
      g.setEdge(CLIENT_ID, item.id, { minlen: column, weight: 0 });
    }
  }
  dagre.layout(g);
  const boxes = items.map((item): Box => {
    const { x, y } = g.node(item.id);
    // dagre gives centres; boxes are placed by their top-left corner.
    return { ...item, x: x - item.width / 2, y: y - item.height / 2 };
  });
  const width = Math.max(0, ...boxes.map((b) => b.x + b.width));
  const height = Math.max(0, ...boxes.map((b) => b.y + b.height));
  return { boxes, width, height };
}

/** The column routed-to Services reach (longest path from the client); 1 when nothing routes. */
function serviceColumn(edges: readonly ClusterEdge[]): number {
  const rank = new Map<string, number>([[CLIENT_ID, 0]]);
  // The traffic edges form a DAG of at most five columns: relaxing that many times settles it.
  for (let pass = 0; pass < 5; pass++) {
    for (const e of edges) {
      const from = rank.get(e.source);
      if (from !== undefined && from + 1 > (rank.get(e.target) ?? -1)) rank.set(e.target, from + 1);
    }
  }
  const columns = edges
    .filter((e) => e.kind === "route" || e.kind === "balance")
    .map((e) => rank.get(e.target) ?? 0);
  return Math.max(1, ...columns);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
