import { NODE_PORT_RANGE, type ServiceDecl } from "../kinds/service";
import { objectKey, type SimService } from "../model";
import { type ReconcileContext, report } from "./context";
import { cidrContains, intToIp, ipToInt, parseCidr, StableAllocator } from "./ipam";

export const SERVICE_CIDR = "10.96.0.0/12";
/**
 * KEP-3668: the first min(max(16, size/32), 128) node ports are kept for users who pick their
 * own; automatic allocation uses the ports above them (30086-32767 for the default range).
 */
const STATIC_BAND = Math.min(
  Math.max(16, Math.floor((NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1) / 32)),
  128,
);
/** The simulated cloud hands out load balancer addresses from 198.51.100.0/24 (documentation range). */
const LB_POOL = { min: ipToInt("198.51.100.10") ?? 0, max: ipToInt("198.51.100.250") ?? 0 };

/**
 * What the API server and the cloud controller do to Services: cluster IPs from the service CIDR,
 * node ports from the node port range, load balancer addresses. Given values are kept (and
 * conflicts reported); missing ones are allocated by a stable hash of the Service's name.
 */
export function buildServices(ctx: ReconcileContext, decls: readonly ServiceDecl[]): SimService[] {
  const cidr = parseCidr(SERVICE_CIDR) ?? { base: 0, size: 1 };
  // .0 is the network and .1 the `kubernetes` Service; .10 is conventionally kube-dns.
  const clusterIPs = new StableAllocator(cidr.base + 11, cidr.base + cidr.size - 2);
  const nodePorts = new StableAllocator(NODE_PORT_RANGE.min + STATIC_BAND, NODE_PORT_RANGE.max);
  const lbIPs = new StableAllocator(LB_POOL.min, LB_POOL.max);
  const clusterIPOwner = new Map<number, string>();
  const nodePortOwner = new Map<number, string>();

  for (const d of decls) {
    const name = `${d.object.namespace}/${d.object.name}`;
    if (d.clusterIP) {
      const n = ipToInt(d.clusterIP);
      if (n === null || !cidrContains(cidr, d.clusterIP)) {
        report(
          ctx,
          d.object,
          "clusterip-out-of-range",
          `clusterIP ${d.clusterIP} is not in the service CIDR ${SERVICE_CIDR}.`,
          ["spec", "clusterIP"],
        );
      } else if (!clusterIPs.reserve(n)) {
        report(
          ctx,
          d.object,
          "clusterip-conflict",
          `clusterIP ${d.clusterIP} is already used by Service ${clusterIPOwner.get(n)}.`,
          ["spec", "clusterIP"],
        );
      } else clusterIPOwner.set(n, name);
    }
    for (const p of d.ports) {
      if (p.nodePort === null) continue;
      if (!nodePorts.reserve(p.nodePort)) {
        report(
          ctx,
          d.object,
          "nodeport-conflict",
          `nodePort ${p.nodePort} is already used by Service ${nodePortOwner.get(p.nodePort)}.`,
          ["spec", "ports", p.index, "nodePort"],
        );
      } else nodePortOwner.set(p.nodePort, name);
    }
    if (d.healthCheckNodePort !== null) nodePorts.reserve(d.healthCheckNodePort);
    for (const ip of d.statusLoadBalancerIPs) {
      const n = ipToInt(ip);
      if (n !== null) lbIPs.reserve(n);
    }
  }

  return decls.map((d): SimService => {
    const { namespace, name } = d.object;
    const owner = `${namespace}/${name}`;
    const needsClusterIP = d.type !== "ExternalName" && !d.headless;
    const givenIP = d.clusterIP && ipToInt(d.clusterIP) !== null ? d.clusterIP : null;
    const allocatedIP = needsClusterIP && !givenIP ? clusterIPs.allocate(owner) : null;
    const wantsNodePorts =
      d.type === "NodePort" || (d.type === "LoadBalancer" && d.allocateLoadBalancerNodePorts);
    const ports = d.ports.map((p) => {
      const nodePort = !wantsNodePorts ? null : (p.nodePort ?? nodePorts.allocate(`${owner}:${p.index}`));
      return {
        index: p.index,
        name: p.name,
        protocol: p.protocol,
        port: p.port,
        targetPort: p.targetPort,
        nodePort,
        nodePortAllocated: nodePort !== null && p.nodePort === null,
      };
    });
    const isLB = d.type === "LoadBalancer";
    const lbAllocated = isLB && d.statusLoadBalancerIPs.length === 0;
    if (lbAllocated) {
      report(
        ctx,
        d.object,
        "lb-pending",
        `LoadBalancer ${name} has no status.loadBalancer address; the simulated cloud gives it one.`,
        ["spec", "type"],
      );
    }
    const lbAddress = lbAllocated ? lbIPs.allocate(owner) : null;
    return {
      key: objectKey(namespace, "Service", name),
      name,
      namespace,
      type: d.type,
      headless: d.headless,
      clusterIP: needsClusterIP ? (givenIP ?? (allocatedIP === null ? null : intToIp(allocatedIP))) : null,
      clusterIPAllocated: allocatedIP !== null,
      selector: d.selector,
      ports,
      externalName: d.externalName,
      externalIPs: d.externalIPs,
      loadBalancerIPs: isLB ? (lbAddress !== null ? [intToIp(lbAddress)] : d.statusLoadBalancerIPs) : [],
      loadBalancerAllocated: lbAllocated,
      externalTrafficPolicy: d.externalTrafficPolicy,
      internalTrafficPolicy: d.internalTrafficPolicy,
      sessionAffinity: d.sessionAffinity,
      affinityTimeoutSeconds: d.affinityTimeoutSeconds,
      publishNotReadyAddresses: d.publishNotReadyAddresses,
      // kube-proxy answers health checks on this port for LoadBalancer + Local (K-SVC).
      healthCheckNodePort:
        isLB && d.externalTrafficPolicy === "Local"
          ? (d.healthCheckNodePort ?? nodePorts.allocate(`${owner}:health`))
          : null,
      source: d.object.source,
    };
  });
}
