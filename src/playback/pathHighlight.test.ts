import { describe, expect, it } from "vitest";
import type { Outcome } from "../engine/traceTypes";
import type { GraphId } from "../layout/graphIds";
import type { Stop } from "../layout/hopStops";
import { pathHighlight } from "./pathHighlight";

const stop = (id: string, x: number): Stop => ({ id: id as GraphId, x, y: 0 });
// pod-a sends, DNS answers (nothing drawn), the Service, then pod-b and its container (same box).
const STOPS = [stop("pod-a", 0), null, stop("svc", 10), stop("pod-b", 20), stop("pod-b", 30)];
const DELIVERED: Outcome = { delivered: true, status: 200, reason: "delivered", elapsedMs: 1 };
const REFUSED: Outcome = { delivered: false, status: null, reason: "connection-refused", elapsedMs: 1 };

describe("pathHighlight", () => {
  it.each([
    { case: "nothing reached yet", playhead: -1, outcome: DELIVERED, states: {}, links: [], trail: [] },
    {
      case: "at DNS the sender stays active",
      playhead: 1,
      outcome: DELIVERED,
      states: { "pod-a": "active" },
      links: [],
      trail: [0],
    },
    {
      case: "at the Service",
      playhead: 2,
      outcome: DELIVERED,
      states: { "pod-a": "visited", svc: "active" },
      links: ["pod-a->svc"],
      trail: [0, 10],
    },
    {
      case: "delivered: the container's pod is active, no link to itself",
      playhead: 4,
      outcome: DELIVERED,
      states: { "pod-a": "visited", svc: "visited", "pod-b": "active" },
      links: ["pod-a->svc", "svc->pod-b"],
      trail: [0, 10, 20, 30],
    },
    {
      case: "refused: the last hop fails once reached",
      playhead: 4,
      outcome: REFUSED,
      states: { "pod-a": "visited", svc: "visited", "pod-b": "failed" },
      links: ["pod-a->svc", "svc->pod-b"],
      trail: [0, 10, 20, 30],
    },
    {
      case: "refused, but not there yet",
      playhead: 3,
      outcome: REFUSED,
      states: { "pod-a": "visited", svc: "visited", "pod-b": "active" },
      links: ["pod-a->svc", "svc->pod-b"],
      trail: [0, 10, 20],
    },
  ])("$case", ({ playhead, outcome, states, links, trail }) => {
    const highlight = pathHighlight(STOPS, outcome, playhead);
    expect(Object.fromEntries(highlight.states)).toEqual(states);
    expect([...highlight.links]).toEqual(links);
    expect(highlight.trail.map((p) => p.x)).toEqual(trail);
  });
});
