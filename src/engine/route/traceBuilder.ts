import type { Random } from "../random";
import type { Destination, FailureReason, Hop, Trace } from "../traceTypes";
import type { ClusterIndex } from "./clusterIndex";
import type { NormalizedRequest } from "./request";

/**
 * State kube-proxy keeps between connections: IPVS round-robin positions and ClientIP affinity,
 * both per node (each node's kube-proxy is independent, K-VIP).
 */
export interface ProxyState {
  roundRobin: Map<string, number>;
  affinity: Map<string, number>;
}

export function newProxyState(): ProxyState {
  return { roundRobin: new Map(), affinity: new Map() };
}

/** Collects hops as the walk goes; a stage returns `done(...)` when the request ends there. */
export class TraceBuilder {
  readonly hops: Hop[] = [];
  private elapsed = 0;

  constructor(
    readonly index: ClusterIndex,
    readonly request: NormalizedRequest,
    readonly random: Random,
    readonly state: ProxyState,
  ) {}

  hop(hop: Hop): void {
    this.hops.push(hop);
    this.elapsed += hop.delayMs ?? 0;
  }

  fail(reason: FailureReason, status: number | null = null): Trace {
    return {
      outcome: { delivered: false, status, reason, elapsedMs: round(this.elapsed) },
      hops: this.hops,
      destination: null,
    };
  }

  deliver(destination: Destination, status = 200): Trace {
    return {
      outcome: { delivered: true, status, reason: "delivered", elapsedMs: round(this.elapsed) },
      hops: this.hops,
      destination,
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
