import type { Cluster } from "../engine/model";
import { type ClusterEdge, clusterEdges } from "./clusterEdges";
import { type ClusterLayout, layoutCluster } from "./layoutCluster";
import { layoutTraffic } from "./layoutTraffic";
import { trafficEdges } from "./trafficEdges";

/** Traffic: where requests go (client to pods). Cluster: where pods run (nodes, kube-proxy). */
export type GraphView = "traffic" | "cluster";

export const GRAPH_VIEWS: readonly GraphView[] = ["cluster", "traffic"];

export function layoutView(
  view: GraphView,
  cluster: Cluster,
): { layout: ClusterLayout; edges: ClusterEdge[] } {
  if (view === "traffic") {
    const edges = trafficEdges(cluster);
    return { layout: layoutTraffic(cluster, edges), edges };
  }
  return { layout: layoutCluster(cluster), edges: clusterEdges(cluster) };
}
