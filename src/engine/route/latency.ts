/**
 * Simulated time each hop adds, in milliseconds. Orders of magnitude, not measurements: a DNS
 * answer from the node-local cache, a netfilter rule, a hop across the node network, an app reply.
 */
export const LATENCY_MS = {
  dns: 0.4,
  loadBalancer: 1.2,
  node: 0.05,
  kubeProxy: 0.02,
  crossNode: 0.25,
  pod: 0.02,
  app: 2,
} as const;
