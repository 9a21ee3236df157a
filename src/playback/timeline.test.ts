import { describe, expect, it } from "vitest";
import type { Hop } from "../engine/traceTypes";
import { buildTimeline, type Pace, progress } from "./timeline";

const PACE: Pace = { travelMs: 100, restMs: 50, returnMs: 40 };
const hops = (n: number) => ({
  hops: Array.from({ length: n }, (_, i): Hop => ({ kind: "node", name: `node-${i}`, explanation: "" })),
});

describe("buildTimeline", () => {
  it("gives every hop one beat of travel then rest", () => {
    expect(buildTimeline(hops(3), PACE)).toEqual({
      segments: [
        { hopIndex: 0, start: 0, end: 100 },
        { hopIndex: 1, start: 150, end: 250 },
        { hopIndex: 2, start: 300, end: 400 },
      ],
      response: null,
      duration: 450,
    });
  });

  it.each([
    {
      case: "an answer travels back, one return beat per hop",
      status: 200,
      response: { start: 450, end: 530 },
      duration: 530,
    },
    {
      case: "an error page travels back too",
      status: 404,
      response: { start: 450, end: 530 },
      duration: 530,
    },
    { case: "silence does not travel", status: null, response: null, duration: 450 },
  ])("$case", ({ status, response, duration }) => {
    const outcome = { delivered: false as const, status, reason: "not-found" as const, elapsedMs: 1 };
    expect(buildTimeline({ ...hops(3), outcome }, PACE)).toMatchObject({ response, duration });
  });

  it("is empty for a trace without hops", () => {
    expect(buildTimeline(hops(0), PACE)).toEqual({ segments: [], response: null, duration: 0 });
  });
});

describe("progress", () => {
  const timeline = buildTimeline(hops(3), PACE);
  it.each([
    { case: "before sending: waiting at the first hop", t: -20, segmentIndex: 0, fraction: 0, done: false },
    { case: "the first hop begins", t: 0, segmentIndex: 0, fraction: 0, done: false },
    { case: "half way into the first hop", t: 50, segmentIndex: 0, fraction: 0.5, done: false },
    { case: "resting at the first hop", t: 120, segmentIndex: 0, fraction: 1, done: false },
    { case: "the second hop begins", t: 150, segmentIndex: 1, fraction: 0, done: false },
    { case: "a quarter into the last hop", t: 325, segmentIndex: 2, fraction: 0.25, done: false },
    { case: "resting at the last hop", t: 449, segmentIndex: 2, fraction: 1, done: false },
    { case: "over", t: 450, segmentIndex: 2, fraction: 1, done: true },
    { case: "long after", t: 10_000, segmentIndex: 2, fraction: 1, done: true },
  ])("$case (t=$t)", ({ t, segmentIndex, fraction, done }) => {
    expect(progress(timeline, t)).toEqual({ segmentIndex, fraction, done });
  });

  it("is done at once for an empty timeline", () => {
    expect(progress(buildTimeline(hops(0), PACE), 0)).toEqual({ segmentIndex: -1, fraction: 0, done: true });
  });

  it("treats a zero travel time as arriving at once", () => {
    const instant = buildTimeline(hops(2), { travelMs: 0, restMs: 10, returnMs: 0 });
    expect(progress(instant, 10)).toEqual({ segmentIndex: 1, fraction: 1, done: false });
  });
});
