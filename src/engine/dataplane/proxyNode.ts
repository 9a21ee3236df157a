import type { Cluster, SimNode, SimService } from "../model";

/** Which node's kube-proxy to show, and the kube-proxy flags that change what it writes. */
export interface DataplaneOptions {
  /** The node whose rules to render; the first node when omitted. */
  nodeName?: string;
  /**
   * kube-proxy's --cluster-cidr (detect-local-mode ClusterCIDR): traffic from outside it is
   * masqueraded on the way to a cluster IP. Defaults to the 10.244.0.0/16 the simulated
   * controller-manager carves node pod CIDRs from; null models a kube-proxy without one.
   */
  clusterCIDR?: string | null;
}

export const DEFAULT_CLUSTER_CIDR = "10.244.0.0/16";

/** The node named in the options (or the first one); null when there is no such node. */
export function proxyNode(cluster: Cluster, options: DataplaneOptions = {}): SimNode | null {
  if (options.nodeName === undefined) return cluster.nodes[0] ?? null;
  return cluster.nodes.find((n) => n.name === options.nodeName) ?? null;
}

export function requireProxyNode(cluster: Cluster, options: DataplaneOptions = {}): SimNode {
  const node = proxyNode(cluster, options);
  if (node) return node;
  const names = cluster.nodes.map((n) => n.name).join(", ") || "none";
  throw new Error(`no node named "${options.nodeName ?? ""}" (nodes: ${names}).`);
}

/**
 * Services kube-proxy programs, in a stable order (namespace, name). Headless and ExternalName
 * Services have no cluster IP, and kube-proxy skips a Service without one (proxier.go:
 * "if ClusterIP is None or empty, skip proxying").
 */
export function proxiedServices(cluster: Cluster): SimService[] {
  return cluster.services
    .filter((s) => s.clusterIP !== null && s.type !== "ExternalName")
    .sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name));
}

/** Byte-wise order, like the API server's list order; the same in every locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
