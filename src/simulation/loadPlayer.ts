import type { Analysis } from "../engine/model";
import { seededRandom } from "../engine/random";
import { newProxyState } from "../engine/route/traceBuilder";
import { formRequest } from "../engine/trace";
import type { RequestSpec, Trace } from "../engine/traceTypes";
import { type TrafficResult, TrafficTally } from "./trafficTally";

/** A request of a load run, and when (on the caller's clock) it leaves its client. */
export interface Flight {
  trace: Trace;
  departAt: number;
}

/** Requests per second a continuous load can run at. */
export const LOAD_RATES = [2, 5, 10, 25, 50] as const;
export type LoadRate = (typeof LOAD_RATES)[number];

/**
 * A stream of copies of one request through one seeded generator and one proxy state (so round
 * robin advances and affinity holds, as for a real client), counted as they are sent. Pure: the
 * caller passes the clock; nothing here knows about frames or the page.
 */
export class LoadPlayer {
  private readonly send: () => Trace;
  private readonly tally = new TrafficTally();
  private readonly queue: Flight[] = [];
  /** Continuous load: the clock value it started at and how many it has sent since. */
  private running: { since: number; rate: number; sent: number } | null = null;
  /** Bumped on every request sent, so a reader knows when a new snapshot is worth taking. */
  version = 0;

  /** Throws the engine's RequestError when the request cannot be formed. */
  constructor(analysis: Analysis, spec: RequestSpec, seed: number) {
    const route = formRequest(analysis, spec);
    const random = seededRandom(seed);
    const state = newProxyState();
    this.send = () => route({ random, state });
  }

  /** `count` requests now, departing `spacingMs` apart so they read as a burst, not one blob. */
  burst(count: number, now: number, spacingMs: number): void {
    for (let i = 0; i < count; i++) this.dispatch(now + i * spacingMs);
  }

  start(now: number, rate: LoadRate): void {
    this.running = { since: now, rate, sent: 0 };
  }

  stop(): void {
    this.running = null;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** Sends what a continuous load owes by `now`, each departing at its own due time. */
  advance(now: number): void {
    const run = this.running;
    if (!run) return;
    const period = 1000 / run.rate;
    const due = Math.floor((now - run.since) / period) + 1;
    for (; run.sent < due; run.sent++) this.dispatch(run.since + run.sent * period);
  }

  /** The flights sent since the last call, for the caller to animate. */
  takeFlights(): Flight[] {
    return this.queue.splice(0, this.queue.length);
  }

  result(): TrafficResult {
    return this.tally.result();
  }

  private dispatch(departAt: number): void {
    const trace = this.send();
    this.tally.add(trace);
    this.queue.push({ trace, departAt });
    this.version++;
  }
}
