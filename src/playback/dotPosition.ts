import type { Stop } from "../layout/hopStops";
import { easeInOut, hopCurve, type Point, pointOnCurve } from "./hopCurve";
import { progress, type Timeline } from "./timeline";

export interface DotPosition extends Point {
  /** The hop the dot is travelling into or resting at. */
  hopIndex: number;
  done: boolean;
}

/**
 * Where the dot is at time `t` (ms since Send). A hop with nothing drawn (cluster DNS) keeps the dot
 * where it was, so its beat reads as a pause. With `step`, the dot jumps from stop to stop instead
 * of gliding (prefers-reduced-motion).
 */
export function dotPosition(
  stops: readonly (Stop | null)[],
  timeline: Timeline,
  t: number,
  step = false,
): DotPosition | null {
  const points = carryForward(stops);
  const { segmentIndex, fraction, done } = progress(timeline, t);
  const to = points[segmentIndex];
  if (!to) return null;
  const from = points[segmentIndex - 1] ?? to;
  const at = step ? to : pointOnCurve(hopCurve(from, to), easeInOut(fraction));
  return { x: at.x, y: at.y, hopIndex: segmentIndex, done };
}

/** Each hop's point, or the last point before it; hops before the first drawn one take that one. */
export function carryForward(stops: readonly (Stop | null)[]): (Point | null)[] {
  const firstDrawn = stops.find((s) => s !== null) ?? null;
  let last: Point | null = firstDrawn && { x: firstDrawn.x, y: firstDrawn.y };
  return stops.map((stop) => {
    if (stop) last = { x: stop.x, y: stop.y };
    return last;
  });
}
