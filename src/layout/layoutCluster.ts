import type { Cluster, SimPod } from "../engine/model";
import { CLIENT_ID, type GraphId, loadBalancerId, nodeId, podId, serviceId } from "./graphIds";

export type BoxKind = "Client" | "LoadBalancer" | "Service" | "Node" | "Pod";

/** One drawn thing, in absolute canvas coordinates (the canvas converts children to parent-relative). */
export interface Box {
  id: GraphId;
  kind: BoxKind;
  namespace: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The node region a pod sits in; parents come before their children in `boxes`. */
  parentId: GraphId | null;
}

export interface ClusterLayout {
  boxes: Box[];
  width: number;
  height: number;
}

/** Sizes shared with the node components, so anchors land on what is drawn. */
export const SIZE = {
  client: { width: 184, height: 68 },
  loadBalancer: { width: 208, height: 76 },
  service: { width: 248, height: 92 },
  pod: { width: 280, height: 104 },
  nodeHeader: 48,
  nodePadding: 16,
  /** Every card draws its kind icon centred this far from its top-left corner; hops land on it. */
  iconCentre: 24,
  /** The kube-proxy chip at the right of a node's header. */
  kubeProxyChip: { width: 128, height: 26, right: 14 },
  /** Container chips sit on the bottom row of a pod; their status dot is the container's anchor. */
  containerRow: 22,
  columnGap: 88,
  rowGap: 24,
  /** Width of an empty node region, so "no pods" still reads as a region. */
  emptyNodeWidth: 312,
} as const;

/** Nodes with more pods than this lay them out in two columns. */
const MAX_PODS_IN_ONE_COLUMN = 3;

interface Column {
  width: number;
  items: { height: number; place: (x: number, y: number) => Box[] }[];
}

/**
 * Cluster -> positions, left to right the way traffic enters: client | load balancers | Services |
 * nodes holding their pods. Deterministic: same cluster, same picture (no measuring, no randomness).
 */
export function layoutCluster(cluster: Cluster): ClusterLayout {
  const balanced = cluster.services.filter((s) => s.type === "LoadBalancer");
  const podsByNode = groupPods(cluster);
  // One column of pods per node keeps the picture narrow enough to read beside the editor; only
  // crowded nodes get a second column so they do not grow too tall.
  const crowded = [...podsByNode.values()].some((p) => p.length > MAX_PODS_IN_ONE_COLUMN);
  const podColumns = crowded ? 2 : 1;
  const columns: Column[] = [
    {
      width: SIZE.client.width,
      items: [leaf(CLIENT_ID, "Client", "", "external client", SIZE.client)],
    },
    {
      width: SIZE.loadBalancer.width,
      items: balanced.map((s) =>
        leaf(loadBalancerId(s.key), "LoadBalancer", s.namespace, s.name, SIZE.loadBalancer),
      ),
    },
    {
      width: SIZE.service.width,
      items: cluster.services.map((s) =>
        leaf(serviceId(s.key), "Service", s.namespace, s.name, SIZE.service),
      ),
    },
    nodeColumn(cluster, podsByNode, podColumns),
  ].filter((c) => c.items.length > 0);

  const columnHeight = (c: Column) =>
    c.items.reduce((sum, item) => sum + item.height, 0) + SIZE.rowGap * (c.items.length - 1);
  const height = Math.max(...columns.map(columnHeight));
  const boxes: Box[] = [];
  let x = 0;
  for (const column of columns) {
    // Short columns are centred against the tallest, so edges fan out evenly.
    let y = (height - columnHeight(column)) / 2;
    for (const item of column.items) {
      boxes.push(...item.place(x, y));
      y += item.height + SIZE.rowGap;
    }
    x += column.width + SIZE.columnGap;
  }
  return { boxes, width: x - SIZE.columnGap, height };
}

function leaf(
  id: GraphId,
  kind: BoxKind,
  namespace: string,
  name: string,
  size: { width: number; height: number },
): Column["items"][number] {
  return {
    height: size.height,
    place: (x, y) => [
      { id, kind, namespace, name, x, y, width: size.width, height: size.height, parentId: null },
    ],
  };
}

function nodeColumn(cluster: Cluster, podsByNode: Map<string, SimPod[]>, podColumns: number): Column {
  const { pod, nodeHeader, nodePadding, rowGap } = SIZE;
  const width = Math.max(
    SIZE.emptyNodeWidth,
    podColumns * pod.width + (podColumns - 1) * rowGap + 2 * nodePadding,
  );
  const items = cluster.nodes.map((node) => {
    const pods = podsByNode.get(node.name) ?? [];
    const rows = Math.max(1, Math.ceil(pods.length / podColumns));
    const height = nodeHeader + rows * pod.height + (rows - 1) * rowGap + nodePadding;
    const id = nodeId(node.name);
    return {
      height,
      place: (x: number, y: number): Box[] => [
        { id, kind: "Node", namespace: "", name: node.name, x, y, width, height, parentId: null },
        ...pods.map(
          (p, i): Box => ({
            id: podId(p.key),
            kind: "Pod",
            namespace: p.namespace,
            name: p.name,
            x: x + nodePadding + (i % podColumns) * (pod.width + rowGap),
            y: y + nodeHeader + Math.floor(i / podColumns) * (pod.height + rowGap),
            width: pod.width,
            height: pod.height,
            parentId: id,
          }),
        ),
      ],
    };
  });
  return { width, items };
}

/** Pods per node, sorted by namespace and name so a node reads the same after every edit. */
function groupPods(cluster: Cluster): Map<string, SimPod[]> {
  const byNode = new Map<string, SimPod[]>();
  const sorted = [...cluster.pods].sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
  for (const pod of sorted) byNode.set(pod.nodeName, [...(byNode.get(pod.nodeName) ?? []), pod]);
  return byNode;
}
