import type { Analysis } from "../src/engine/model";
import { routeRequest } from "../src/engine/trace";
import type { RequestSpec } from "../src/engine/traceTypes";
import { sendTraffic } from "../src/simulation/traffic";
import { medianMs, medianMsPerCall, timeOnce } from "./measure";
import { count, ms, perSecond, type Row, us } from "./table";

/** A request a section times (and, with `traffic`, also sends as a traffic run). */
export interface BenchRequest {
  name: string;
  spec: RequestSpec;
  traffic: boolean;
}

export const REQUEST_RUNS = { warmup: 2, reps: 7 };
export const REQUESTS_PER_BATCH = 2000;

/** What the engine decided, for the note: the outcome and, when delivered, the workload and path. */
function outcomeOf(analysis: Analysis, spec: RequestSpec): string {
  const { outcome, hops, destination } = routeRequest(analysis, spec);
  const result = outcome.delivered
    ? `delivered ${outcome.status}`
    : `${outcome.reason} ${outcome.status ?? ""}`;
  const where = destination ? ` to ${destination.workload}${destination.path}` : "";
  return `${result.trimEnd()}${where}, ${hops.length} hops`;
}

/**
 * The time of one routeRequest per kind of request, against a target. The first trace of an
 * analysis builds its lookup tables, so it is shown on its own and the rest reuse them.
 */
export function requestRows(
  analysis: Analysis,
  requests: readonly BenchRequest[],
  label: "trace" | "route",
  targetUs: number,
): Row[] {
  const first = requests[0];
  const indexMs = first ? timeOnce(() => routeRequest(analysis, first.spec)) : 0;
  const rows: Row[] = [
    {
      figure: `first ${label} (builds the cluster index)`,
      value: ms(indexMs),
      target: "",
      pass: null,
      note: "one run",
    },
  ];
  for (const { name, spec } of requests) {
    const perCallUs =
      medianMsPerCall((i) => routeRequest(analysis, spec, { seed: i }), REQUESTS_PER_BATCH, REQUEST_RUNS) *
      1000;
    rows.push({
      figure: `${label}: ${name}`,
      value: us(perCallUs),
      target: `< ${targetUs} µs`,
      pass: perCallUs < targetUs,
      note: outcomeOf(analysis, spec),
    });
  }
  return rows;
}

const TRAFFIC_RUNS = { warmup: 1, reps: 5 };

/**
 * Simulated requests per second for the requests marked `traffic`: `perRun` requests through one
 * sendTraffic, with a floor to meet when the section sets one.
 */
export function trafficRows(
  analysis: Analysis,
  requests: readonly BenchRequest[],
  perRun: number,
  minPerSecond: number | null,
): Row[] {
  return requests.map(({ name, spec }) => {
    const perSecondValue =
      (perRun / medianMs(() => sendTraffic(analysis, spec, perRun), TRAFFIC_RUNS)) * 1000;
    const { count: sent, outcomes, destinations } = sendTraffic(analysis, spec, 1000);
    const outcomeText = Object.entries(outcomes)
      .map(([outcome, times]) => `${count(times)} x ${outcome}`)
      .join(", ");
    return {
      figure: `sendTraffic: ${name}`,
      value: perSecond(perSecondValue),
      target: minPerSecond === null ? "" : `>= ${count(minPerSecond)} req/s`,
      pass: minPerSecond === null ? null : perSecondValue >= minPerSecond,
      note: `${outcomeText} of ${count(sent)}, over ${destinations.length} pods`,
    };
  });
}

/** How a section describes its traffic runs in the preamble. */
export const TRAFFIC_REPS = TRAFFIC_RUNS.reps;
