import type { SimPod } from "../model";

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

/** How long the app in a pod takes to answer: its hopscope.dev/response-time, else `app` above. */
export function responseTimeOf(pod: Pick<SimPod, "responseTimeMs"> | undefined): number {
  return pod?.responseTimeMs ?? LATENCY_MS.app;
}

/** For explanations: 500 -> "0.5 s", 3000 -> "3 s", 2 -> "2 ms". */
export function seconds(ms: number): string {
  return ms >= 100 ? `${Math.round(ms) / 1000} s` : `${ms} ms`;
}
