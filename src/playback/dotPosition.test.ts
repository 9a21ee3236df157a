import { describe, expect, it } from "vitest";
import type { GraphId } from "../layout/graphIds";
import type { Stop } from "../layout/hopStops";
import { carryForward, dotPosition } from "./dotPosition";
import { buildTimeline } from "./timeline";

const stop = (id: string, x: number, y: number): Stop => ({ id: id as GraphId, x, y });
// client (0,0) -> DNS (nothing drawn) -> service (100,0) -> pod (100,80)
const STOPS = [stop("client", 0, 0), null, stop("svc", 100, 0), stop("pod", 100, 80)];
const hops = { hops: STOPS.map(() => ({ kind: "node" as const, name: "", explanation: "" })) };
const timeline = buildTimeline(hops, { travelMs: 100, restMs: 100, returnMs: 40 });

describe("dotPosition", () => {
  it.each([
    {
      case: "at the client before anything",
      t: 0,
      step: false,
      at: { x: 0, y: 0, hopIndex: 0, returning: false, done: false },
    },
    {
      case: "DNS is a pause where the dot was",
      t: 250,
      step: false,
      at: { x: 0, y: 0, hopIndex: 1, returning: false, done: false },
    },
    {
      case: "half way to the Service",
      t: 450,
      step: false,
      at: { x: 50, y: 0, hopIndex: 2, returning: false, done: false },
    },
    {
      case: "resting at the Service",
      t: 550,
      step: false,
      at: { x: 100, y: 0, hopIndex: 2, returning: false, done: false },
    },
    {
      case: "straight down into the pod",
      t: 650,
      step: false,
      at: { x: 100, y: 40, hopIndex: 3, returning: false, done: false },
    },
    {
      case: "over, at the pod",
      t: 800,
      step: false,
      at: { x: 100, y: 80, hopIndex: 3, returning: false, done: true },
    },
    {
      case: "reduced motion: already at the Service",
      t: 410,
      step: true,
      at: { x: 100, y: 0, hopIndex: 2, returning: false, done: false },
    },
  ])("$case", ({ t, step, at }) => {
    expect(dotPosition(STOPS, timeline, t, step)).toEqual(at);
  });

  // The same route answered with 200: after the pod's rest, the response goes back pod -> Service -> client.
  const answered = buildTimeline(
    { ...hops, outcome: { delivered: true, status: 200, reason: "delivered", elapsedMs: 1 } },
    { travelMs: 100, restMs: 100, returnMs: 40 },
  );
  it.each([
    { case: "the response leaves the pod", t: 800, at: { x: 100, y: 80, returning: true, done: false } },
    { case: "half way back up to the Service", t: 830, at: { x: 100, y: 40, returning: true, done: false } },
    { case: "back at the client: over", t: 920, at: { x: 0, y: 0, returning: false, done: true } },
  ])("response: $case", ({ t, at }) => {
    expect(dotPosition(STOPS, answered, t)).toEqual({ ...at, hopIndex: 3 });
  });

  it("has no dot when nothing of the route is drawn", () => {
    expect(dotPosition([null, null], buildTimeline({ hops: hops.hops.slice(0, 2) }), 0)).toBeNull();
  });
});

describe("carryForward", () => {
  it.each([
    { case: "fills gaps with the point before", stops: STOPS, points: ["0,0", "0,0", "100,0", "100,80"] },
    { case: "a leading gap takes the first point", stops: [null, stop("a", 5, 6)], points: ["5,6", "5,6"] },
    { case: "nothing drawn", stops: [null], points: [null] },
  ])("$case", ({ stops, points }) => {
    expect(carryForward(stops).map((p) => (p ? `${p.x},${p.y}` : null))).toEqual(points);
  });
});
