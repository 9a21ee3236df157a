import type { Cluster } from "../engine/model";
import { CLIENT_ID, edgeId, type GraphId, loadBalancerId, nodeId, podId, serviceId } from "./graphIds";

/** entry: client -> load balancer; balance: load balancer -> node or Service; route: a routing
 * rule (Ingress path, VirtualService at a gateway) -> Service; endpoint: Service -> pod. */
export type EdgeKind = "entry" | "balance" | "route" | "endpoint";

export interface ClusterEdge {
  id: string;
  kind: EdgeKind;
  source: GraphId;
  target: GraphId;
  /** False for an endpoint kube-proxy would skip (a not-ready pod). */
  ready: boolean;
}

/**
 * The standing wiring of the cluster, read from the engine's reconciled objects (never re-derived):
 * client -> each cloud load balancer, load balancer -> every node (it targets the node port on all
 * of them), Service -> each pod in its endpoints.
 */
export function clusterEdges(cluster: Cluster): ClusterEdge[] {
  const edges: ClusterEdge[] = [];
  for (const service of cluster.services) {
    if (service.type !== "LoadBalancer") continue;
    const lb = loadBalancerId(service.key);
    edges.push({ id: edgeId(CLIENT_ID, lb), kind: "entry", source: CLIENT_ID, target: lb, ready: true });
    for (const node of cluster.nodes) {
      const target = nodeId(node.name);
      edges.push({ id: edgeId(lb, target), kind: "balance", source: lb, target, ready: true });
    }
  }
  edges.push(...serviceEndpointEdges(cluster));
  return edges;
}

/** Service -> each pod in its endpoints: the same in both views. */
export function serviceEndpointEdges(cluster: Cluster): ClusterEdge[] {
  const edges: ClusterEdge[] = [];
  for (const service of cluster.services) {
    const source = serviceId(service.key);
    // One edge per pod even when several Service ports reach it; ready if any port's endpoint is.
    const readyByPod = new Map<string, boolean>();
    for (const port of cluster.endpoints[service.key] ?? []) {
      for (const endpoint of port.endpoints) {
        if (endpoint.podKey === null) continue;
        readyByPod.set(endpoint.podKey, (readyByPod.get(endpoint.podKey) ?? false) || endpoint.ready);
      }
    }
    for (const [podKey, ready] of readyByPod) {
      const target = podId(podKey);
      edges.push({ id: edgeId(source, target), kind: "endpoint", source, target, ready });
    }
  }
  return edges;
}
