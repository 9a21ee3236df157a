import type { Analysis } from "../engine/model";
import { seededRandom } from "../engine/random";
import { newProxyState } from "../engine/route/traceBuilder";
import { formRequest } from "../engine/trace";
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
  // An empty run sends nothing, so it forms no request and cannot fail on a bad one.
  if (count <= 0) return { count, outcomes: {}, destinations: [] };
  const send = formRequest(analysis, spec);
  const random = seededRandom(seed);
  const state = newProxyState();
  const outcomes: Record<string, number> = {};
  // Per namespace, then per pod name: strings the model already holds, no key to build per request.
  const byPod = new Map<string, Map<string, TrafficDestination>>();
  for (let i = 0; i < count; i++) {
    const { outcome, destination } = send({ random, state });
    const key = outcome.delivered ? String(outcome.status) : outcome.reason;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (destination) {
      let inNamespace = byPod.get(destination.namespace);
      if (!inNamespace) {
        inNamespace = new Map();
        byPod.set(destination.namespace, inNamespace);
      }
      const known = inNamespace.get(destination.pod);
      if (known) known.count++;
      else
        inNamespace.set(destination.pod, {
          namespace: destination.namespace,
          workload: destination.workload,
          pod: destination.pod,
          labels: destination.labels,
          count: 1,
        });
    }
  }
  const destinations = [...byPod.values()]
    .flatMap((pods) => [...pods.values()])
    .sort(
      (a, b) => b.count - a.count || a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod),
    );
  return { count, outcomes, destinations };
}
