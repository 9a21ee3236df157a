import type { Cluster, SimEndpoint, SimService, SimServicePort } from "../model";

/**
 * What kube-proxy on one node knows about a Service port before it writes any rule: the traffic
 * policies that apply and the endpoints each policy may use. Modelled on kube-proxy's
 * BaseServicePortInfo (UsesClusterEndpoints / UsesLocalEndpoints / ExternallyAccessible) and
 * CategorizeEndpoints (pkg/proxy/topology.go). Topology hints and serving-terminating fallback are
 * not simulated: the engine's endpoints are ready or not.
 */
export interface ProxyEndpoints {
  /** NodePort, LoadBalancer IP or externalIPs: kube-proxy writes "external" rules at all. */
  externallyAccessible: boolean;
  internalLocal: boolean;
  externalLocal: boolean;
  /** Ready endpoints anywhere; empty when the port never uses Cluster policy. */
  cluster: SimEndpoint[];
  /** Ready endpoints on this node; empty when the port never uses Local policy. */
  local: SimEndpoint[];
  /** Some endpoint anywhere is ready: without one kube-proxy REJECTs instead of DNATing. */
  hasEndpoints: boolean;
  usesCluster: boolean;
  usesLocal: boolean;
  /** Every endpoint this node may DNAT to: the KUBE-SEP chains it writes. */
  reachable: SimEndpoint[];
  /** All endpoints, ready or not, in kube-proxy's order. */
  all: SimEndpoint[];
}

/** IPv4 load balancer addresses: kube-proxy only programs `status.loadBalancer.ingress[].ip`. */
export function loadBalancerVIPs(service: SimService): string[] {
  return service.loadBalancerIPs.filter((ip) => /^\d{1,3}(\.\d{1,3}){3}$/.test(ip));
}

export function categorizeEndpoints(
  cluster: Cluster,
  service: SimService,
  port: SimServicePort,
  nodeName: string,
): ProxyEndpoints {
  const all = (cluster.endpoints[service.key] ?? []).find((e) => e.portIndex === port.index)?.endpoints ?? [];
  const ready = all.filter((e) => e.ready);
  const externallyAccessible =
    port.nodePort !== null || service.externalIPs.length > 0 || loadBalancerVIPs(service).length > 0;
  const internalLocal = service.internalTrafficPolicy === "Local";
  // apiservice.ExternalPolicyLocal: Local only counts for NodePort/LoadBalancer or with externalIPs.
  const externalLocal =
    service.externalTrafficPolicy === "Local" &&
    (service.type === "NodePort" || service.type === "LoadBalancer" || service.externalIPs.length > 0);
  // Even with externalTrafficPolicy: Local the Cluster endpoints are needed, to short-circuit
  // traffic from pods and the node itself (kube-proxy's UsesClusterEndpoints).
  const usesCluster = !internalLocal || externallyAccessible;
  const usesLocal = internalLocal || (externalLocal && externallyAccessible);
  const clusterEps = usesCluster ? ready : [];
  const localEps = usesLocal ? ready.filter((e) => e.nodeName === nodeName) : [];
  return {
    externallyAccessible,
    internalLocal,
    externalLocal,
    cluster: clusterEps,
    local: localEps,
    hasEndpoints: ready.length > 0,
    usesCluster,
    usesLocal,
    reachable: usesCluster ? clusterEps : localEps,
    all,
  };
}
