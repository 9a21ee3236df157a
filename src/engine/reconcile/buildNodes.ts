import type { NodeDecl } from "../kinds/node";
import type { SimNode } from "../model";
import { intToIp, ipToInt } from "./ipam";

/**
 * Used when the manifest has no Node objects: two nodes, like a small cloud cluster.
 * External addresses come from 203.0.113.0/24, the range reserved for documentation.
 */
const DEFAULT_NODES = [
  { name: "node-1", internalIP: "10.0.0.11", externalIP: "203.0.113.11" },
  { name: "node-2", internalIP: "10.0.0.12", externalIP: "203.0.113.12" },
];

/** Pod CIDR of the i-th node, as kube-controller-manager carves 10.244.0.0/16 into /24s. */
function defaultPodCIDR(i: number): string {
  return `10.244.${i}.0/24`;
}

export function buildNodes(decls: readonly NodeDecl[]): SimNode[] {
  if (decls.length === 0) {
    return DEFAULT_NODES.map((n, i) => ({
      ...n,
      podCIDR: defaultPodCIDR(i),
      assumed: true,
      ready: true,
      unschedulable: false,
      source: null,
    }));
  }
  const base = ipToInt("10.0.0.11") ?? 0;
  return decls.map((d, i) => ({
    name: d.object.name,
    internalIP: d.internalIP ?? intToIp(base + i),
    externalIP: d.externalIP,
    podCIDR: d.podCIDR ?? defaultPodCIDR(i),
    assumed: false,
    ready: true,
    unschedulable: false,
    source: d.object.source,
  }));
}
