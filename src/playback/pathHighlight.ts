import type { Outcome } from "../engine/traceTypes";
import { edgeId, type GraphId } from "../layout/graphIds";
import type { Stop } from "../layout/hopStops";
import { carryForward } from "./dotPosition";
import type { Point } from "./hopCurve";

export type PathState = "visited" | "active" | "failed";

export interface PathHighlight {
  /** Drawn things the request has reached so far; the one it is at is `active` (or `failed`). */
  states: Map<GraphId, PathState>;
  /** `edgeId`s of consecutive drawn things the request has moved between, to light their edges. */
  links: Set<string>;
  /** The route so far, as points for the trail. */
  trail: Point[];
}

/** What the graph shows once the animation has reached hop `playhead`. */
export function pathHighlight(
  stops: readonly (Stop | null)[],
  outcome: Outcome,
  playhead: number,
): PathHighlight {
  const reached = stops.slice(0, playhead + 1);
  const states = new Map<GraphId, PathState>();
  const links = new Set<string>();
  let previous: GraphId | null = null;
  for (const stop of reached) {
    if (!stop) continue;
    states.set(stop.id, "visited");
    if (previous && previous !== stop.id) links.add(edgeId(previous, stop.id));
    previous = stop.id;
  }
  // A hop with nothing drawn (DNS) leaves the request where it was: that box stays the current one.
  const current = reached.findLast((stop) => stop !== null);
  if (current) {
    // The engine ends a failed walk at the hop that failed; it is the last one.
    const failedHere = !outcome.delivered && playhead >= stops.length - 1;
    states.set(current.id, failedHere ? "failed" : "active");
  }
  const trail = carryForward(reached).filter(
    (p, i, all): p is Point => p !== null && (i === 0 || p.x !== all[i - 1]?.x || p.y !== all[i - 1]?.y),
  );
  return { states, links, trail };
}
