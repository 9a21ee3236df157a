import type { Analysis } from "../engine/model";
import { seededRandom } from "../engine/random";
import { newProxyState } from "../engine/route/traceBuilder";
import { routeRequest } from "../engine/trace";
import type { RequestSpec } from "../engine/traceTypes";

export interface TrafficDestination {
  namespace: string;
  workload: string;
  pod: string;
  labels: Record<string, string>;
  count: number;
}

export interface TrafficResult {
  count: number;
  /** Keyed by status code for delivered requests, by failure reason otherwise. */
  outcomes: Record<string, number>;
  destinations: TrafficDestination[];
}

/**
 * Sends `count` copies of a request through one seeded generator and one kube-proxy state, so
 * round robin advances and ClientIP affinity holds, as they would for a real client.
 */
export function sendTraffic(analysis: Analysis, spec: RequestSpec, count: number, seed = 1): TrafficResult {
  const random = seededRandom(seed);
  const state = newProxyState();
  const outcomes: Record<string, number> = {};
  const byPod = new Map<string, TrafficDestination>();
  for (let i = 0; i < count; i++) {
    const { outcome, destination } = routeRequest(analysis, spec, { random, state });
    const key = outcome.delivered ? String(outcome.status) : outcome.reason;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (destination) {
      const podKey = `${destination.namespace}/${destination.pod}`;
      const known = byPod.get(podKey);
      if (known) known.count++;
      else
        byPod.set(podKey, {
          namespace: destination.namespace,
          workload: destination.workload,
          pod: destination.pod,
          labels: destination.labels,
          count: 1,
        });
    }
  }
  const destinations = [...byPod.values()].sort(
    (a, b) => b.count - a.count || a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod),
  );
  return { count, outcomes, destinations };
}
