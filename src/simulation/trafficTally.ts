import type { Trace } from "../engine/traceTypes";

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

/** Counts where requests ended: per outcome, and per destination pod. */
export class TrafficTally {
  private count = 0;
  private readonly outcomes: Record<string, number> = {};
  // Per namespace, then per pod name: strings the model already holds, no key to build per request.
  private readonly byPod = new Map<string, Map<string, TrafficDestination>>();

  add({ outcome, destination }: Pick<Trace, "outcome" | "destination">): void {
    this.count++;
    const key = outcome.delivered ? String(outcome.status) : outcome.reason;
    this.outcomes[key] = (this.outcomes[key] ?? 0) + 1;
    if (!destination) return;
    let inNamespace = this.byPod.get(destination.namespace);
    if (!inNamespace) {
      inNamespace = new Map();
      this.byPod.set(destination.namespace, inNamespace);
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

  /** A snapshot: later additions do not change it. */
  result(): TrafficResult {
    const destinations = [...this.byPod.values()]
      .flatMap((pods) => [...pods.values()].map((d) => ({ ...d })))
      .sort(
        (a, b) => b.count - a.count || a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod),
      );
    return { count: this.count, outcomes: { ...this.outcomes }, destinations };
  }
}
