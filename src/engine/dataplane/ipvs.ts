import type { Cluster, SimEndpoint, SimService, SimServicePort } from "../model";
import { endpointString } from "./chainNames";
import { categorizeEndpoints, loadBalancerVIPs, type ProxyEndpoints } from "./proxyEndpoints";
import { type DataplaneOptions, proxiedServices, requireProxyNode } from "./proxyNode";

/** kube-proxy's default --ipvs-scheduler. */
const SCHEDULER = "rr";

/**
 * A Local policy in IPVS mode uses this node's endpoints, and falls back to the Cluster ones when
 * there are none (pkg/proxy/ipvs/proxier.go syncEndpoint, kubernetes/kubernetes#97081), so pods on
 * an empty node still reach the Service. The fallback list is empty when the port never uses
 * Cluster policy (internalTrafficPolicy: Local on a Service that is not externally accessible).
 */
function localFirst(eps: ProxyEndpoints): SimEndpoint[] {
  return eps.local.length > 0 ? eps.local : eps.cluster;
}

interface VirtualServer {
  protocol: string;
  address: string;
  port: number;
  realServers: SimEndpoint[];
}

/**
 * One virtual server per address kube-proxy binds for the port: the cluster IP, each external IP
 * and load balancer IP, and the node port on each of this node's addresses (the simulation
 * reaches a node on its internal and its external address alike).
 */
function virtualServers(cluster: Cluster, service: SimService, port: SimServicePort, nodeName: string) {
  const node = cluster.nodes.find((n) => n.name === nodeName);
  const eps = categorizeEndpoints(cluster, service, port, nodeName);
  const internal = eps.internalLocal ? localFirst(eps) : eps.cluster;
  const external = eps.externalLocal ? localFirst(eps) : eps.cluster;
  const vs = (address: string, p: number, realServers: SimEndpoint[]): VirtualServer => ({
    protocol: port.protocol,
    address,
    port: p,
    realServers,
  });
  const out = [vs(service.clusterIP ?? "", port.port, internal)];
  for (const ip of [...service.externalIPs, ...loadBalancerVIPs(service)])
    out.push(vs(ip, port.port, external));
  if (port.nodePort !== null && node) {
    for (const ip of [node.internalIP, node.externalIP]) if (ip) out.push(vs(ip, port.nodePort, external));
  }
  return out;
}

/**
 * What kube-proxy (IPVS mode) programs on a node, as `ipvsadm -Ln` prints it: a virtual server
 * per Service address and port with scheduler rr (persistent for ClientIP affinity), and a Masq
 * real server of weight 1 per endpoint. ipvsadm lists virtual servers in hash order; here they are
 * grouped by Service. Trailing blanks after the counters are left out.
 */
export function renderIpvs(cluster: Cluster, options: DataplaneOptions = {}): string {
  const node = requireProxyNode(cluster, options);
  const lines = [
    "IP Virtual Server version 1.2.1 (size=4096)",
    "Prot LocalAddress:Port Scheduler Flags",
    "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
  ];
  for (const service of proxiedServices(cluster)) {
    const flags =
      service.sessionAffinity === "ClientIP" ? ` persistent ${service.affinityTimeoutSeconds}` : "";
    for (const port of service.ports) {
      for (const vs of virtualServers(cluster, service, port, node.name)) {
        lines.push(`${vs.protocol}  ${endpointString(vs.address, vs.port)} ${SCHEDULER}${flags}`);
        for (const rs of vs.realServers) {
          const address = endpointString(rs.ip, rs.port).padEnd(28);
          lines.push(`  -> ${address} ${"Masq".padEnd(7)} ${"1".padEnd(6)} ${"0".padEnd(10)} 0`);
        }
      }
    }
  }
  return lines.join("\n");
}
