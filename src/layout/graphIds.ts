/**
 * Ids of the things drawn on the graph. One id space for layout, edges, hop anchors and the canvas,
 * branded so a Kubernetes ObjectKey or a bare name cannot be passed where a drawn id is meant.
 */
export type GraphId = string & { readonly __brand: "GraphId" };

/** The one client outside the cluster (the engine's `external` source). */
export const CLIENT_ID = "client" as GraphId;

/** The cloud load balancer the provider creates for a LoadBalancer Service (by Service key). */
export function loadBalancerId(serviceKey: string): GraphId {
  return `lb:${serviceKey}` as GraphId;
}

export function serviceId(serviceKey: string): GraphId {
  return `svc:${serviceKey}` as GraphId;
}

export function nodeId(nodeName: string): GraphId {
  return `node:${nodeName}` as GraphId;
}

export function podId(podKey: string): GraphId {
  return `pod:${podKey}` as GraphId;
}

/** An edge between two drawn things; also how a hop from one to the other is looked up. */
export function edgeId(source: GraphId, target: GraphId): string {
  return `${source}->${target}`;
}
