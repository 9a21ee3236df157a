import type { SimEndpoint, SimService, SimServicePort } from "../model";
import {
  endpointChain,
  endpointString,
  externalChain,
  type ServicePortId,
  serviceChain,
  serviceLocalChain,
  servicePortIdOf,
  servicePortName,
} from "./chainNames";
import { comment, type TableBuilder } from "./iptablesTables";
import { probability } from "./probability";
import { loadBalancerVIPs, type ProxyEndpoints } from "./proxyEndpoints";

export interface RuleContext {
  filter: TableBuilder;
  nat: TableBuilder;
  /** kube-proxy's --cluster-cidr (its "local traffic detector"), or null without one. */
  clusterCIDR: string | null;
  /** Over 1000 endpoints kube-proxy leaves out per-endpoint comments (proxier.go largeClusterMode). */
  largeCluster: boolean;
}

/**
 * The rules kube-proxy (iptables mode) writes for one Service port, step by step as
 * syncProxyRules in pkg/proxy/iptables/proxier.go does: capture the cluster IP, external IPs,
 * load balancer IPs and node port; REJECT (no endpoints) or DROP (no local endpoints) in the
 * filter table; then the KUBE-EXT, KUBE-SVC, KUBE-SVL and KUBE-SEP chains in the nat table.
 * loadBalancerSourceRanges (KUBE-FW chains) are not simulated.
 */
export function writeServicePort(
  ctx: RuleContext,
  service: SimService,
  port: SimServicePort,
  eps: ProxyEndpoints,
): void {
  const { filter, nat } = ctx;
  const id = servicePortIdOf(service, port);
  const name = servicePortName(id);
  const protocol = port.protocol.toLowerCase();
  const match = ["-m", protocol, "-p", protocol];
  const clusterChain = serviceChain(id);
  const localChain = serviceLocalChain(id);
  const extChain = externalChain(id);
  const internalChain = eps.internalLocal ? localChain : clusterChain;
  const externalPolicyChain = eps.externalLocal ? localChain : clusterChain;
  const hasInternal = eps.hasEndpoints && (!eps.internalLocal || eps.local.length > 0);
  const hasExternal = eps.hasEndpoints && (!eps.externalLocal || eps.local.length > 0);
  // No endpoints anywhere: REJECT (the client sees "connection refused"). Endpoints, but none
  // on this node under a Local policy: DROP (the client times out).
  const [target, note] = eps.hasEndpoints
    ? ["DROP", `${name} has no local endpoints`]
    : ["REJECT", `${name} has no endpoints`];
  const dport = ["--dport", String(port.port)];
  const clusterIP = service.clusterIP ?? "";

  if (hasInternal) {
    nat.append(
      "KUBE-SERVICES",
      ...comment(`${name} cluster IP`),
      ...match,
      "-d",
      clusterIP,
      ...dport,
      "-j",
      internalChain,
    );
  } else {
    filter.append("KUBE-SERVICES", ...comment(note), ...match, "-d", clusterIP, ...dport, "-j", target);
  }
  const captureExternal = (what: string, ip: string) => {
    if (eps.hasEndpoints) {
      nat.append(
        "KUBE-SERVICES",
        ...comment(`${name} ${what}`),
        ...match,
        "-d",
        ip,
        ...dport,
        "-j",
        extChain,
      );
    }
    if (!hasExternal) {
      filter.append("KUBE-EXTERNAL-SERVICES", ...comment(note), ...match, "-d", ip, ...dport, "-j", target);
    }
  };
  for (const ip of service.externalIPs) captureExternal("external IP", ip);
  for (const ip of loadBalancerVIPs(service)) captureExternal("loadbalancer IP", ip);
  if (port.nodePort !== null) {
    const nodePort = ["--dport", String(port.nodePort)];
    if (eps.hasEndpoints)
      nat.append("KUBE-NODEPORTS", ...comment(name), ...match, ...nodePort, "-j", extChain);
    if (!hasExternal) {
      filter.append(
        "KUBE-EXTERNAL-SERVICES",
        ...comment(note),
        "-m",
        "addrtype",
        "--dst-type",
        "LOCAL",
        ...match,
        ...nodePort,
        "-j",
        target,
      );
    }
  }
  if (service.healthCheckNodePort !== null) {
    // Accepted whether or not this node has local endpoints: kube-proxy answers the probe itself.
    filter.append(
      "KUBE-NODEPORTS",
      ...comment(`${name} health check node port`),
      "-m",
      "tcp",
      "-p",
      "tcp",
      "--dport",
      String(service.healthCheckNodePort),
      "-j",
      "ACCEPT",
    );
  }

  // Off-cluster traffic to a cluster IP (a static route to the service CIDR) may bounce to another
  // node, so it is masqueraded.
  if (hasInternal && ctx.clusterCIDR) {
    nat.declare(internalChain);
    nat.append(
      internalChain,
      ...comment(`${name} cluster IP`),
      ...match,
      "-d",
      clusterIP,
      ...dport,
      "!",
      "-s",
      ctx.clusterCIDR,
      "-j",
      "KUBE-MARK-MASQ",
    );
  }
  if (eps.hasEndpoints && eps.externallyAccessible) {
    nat.declare(extChain);
    if (!eps.externalLocal) {
      nat.append(
        extChain,
        ...comment(`masquerade traffic for ${name} external destinations`),
        "-j",
        "KUBE-MARK-MASQ",
      );
    } else {
      // externalTrafficPolicy: Local keeps the client's address, except for traffic from pods and
      // from the node itself, which is short-circuited to the Cluster chain (K-SVC).
      if (ctx.clusterCIDR) {
        nat.append(
          extChain,
          ...comment(`pod traffic for ${name} external destinations`),
          "-s",
          ctx.clusterCIDR,
          "-j",
          clusterChain,
        );
      }
      nat.append(
        extChain,
        ...comment(`masquerade LOCAL traffic for ${name} external destinations`),
        "-m",
        "addrtype",
        "--src-type",
        "LOCAL",
        "-j",
        "KUBE-MARK-MASQ",
      );
      nat.append(
        extChain,
        ...comment(`route LOCAL traffic for ${name} external destinations`),
        "-m",
        "addrtype",
        "--src-type",
        "LOCAL",
        "-j",
        clusterChain,
      );
    }
    if (hasExternal) nat.append(extChain, "-j", externalPolicyChain);
  }
  if (eps.cluster.length > 0 && eps.usesCluster)
    writeBalancing(ctx, service, name, id, clusterChain, eps.cluster);
  if (eps.local.length > 0 && eps.usesLocal) writeBalancing(ctx, service, name, id, localChain, eps.local);
  for (const ep of eps.reachable) {
    const sep = endpointChain(id, endpointString(ep.ip, ep.port));
    const sepNote = ctx.largeCluster ? [] : comment(name);
    nat.declare(sep);
    // Hairpin: a pod reaching itself through the Service must be masqueraded to get replies back.
    nat.append(sep, ...sepNote, "-s", ep.ip, "-j", "KUBE-MARK-MASQ");
    const affinity = service.sessionAffinity === "ClientIP" ? ["-m", "recent", "--name", sep, "--set"] : [];
    nat.append(
      sep,
      ...sepNote,
      ...affinity,
      ...match,
      "-j",
      "DNAT",
      "--to-destination",
      endpointString(ep.ip, ep.port),
    );
  }
}

/**
 * writeServiceToEndpointRules: ClientIP affinity first (`recent --rcheck` sends a known client
 * back to its endpoint), then rule i of n matching with probability 1/(n-i), the last one
 * unconditional, which picks uniformly at random (K-VIP).
 */
function writeBalancing(
  ctx: RuleContext,
  service: SimService,
  name: string,
  id: ServicePortId,
  chain: string,
  endpoints: SimEndpoint[],
): void {
  ctx.nat.declare(chain);
  const seps = endpoints.map((ep) => endpointChain(id, endpointString(ep.ip, ep.port)));
  const note = (ep: SimEndpoint) =>
    ctx.largeCluster ? [] : comment(`${name} -> ${endpointString(ep.ip, ep.port)}`);
  if (service.sessionAffinity === "ClientIP") {
    endpoints.forEach((ep, i) => {
      const sep = seps[i] ?? "";
      ctx.nat.append(
        chain,
        ...note(ep),
        "-m",
        "recent",
        "--name",
        sep,
        "--rcheck",
        "--seconds",
        String(service.affinityTimeoutSeconds),
        "--reap",
        "-j",
        sep,
      );
    });
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const random =
      i < n - 1 ? ["-m", "statistic", "--mode", "random", "--probability", probability(n - i)] : [];
    ctx.nat.append(chain, ...note(ep), ...random, "-j", seps[i] ?? "");
  });
}
