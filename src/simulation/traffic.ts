import type { Analysis } from "../engine/model";
import { seededRandom } from "../engine/random";
import { newProxyState } from "../engine/route/traceBuilder";
import { formRequest } from "../engine/trace";
import type { RequestSpec } from "../engine/traceTypes";
import { type TrafficResult, TrafficTally } from "./trafficTally";

export type { TrafficDestination, TrafficResult } from "./trafficTally";

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
  const tally = new TrafficTally();
  for (let i = 0; i < count; i++) tally.add(send({ random, state }));
  return tally.result();
}
