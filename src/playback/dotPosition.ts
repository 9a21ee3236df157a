import type { Stop } from "../layout/hopStops";
import { easeInOut, hopCurve, type Point, pointOnCurve } from "./hopCurve";
import { progress, type Timeline } from "./timeline";

export interface DotPosition extends Point {
  /** The hop the dot is travelling into or resting at (the last one while the response returns). */
  hopIndex: number;
  /** The response is on its way back to the client. */
  returning: boolean;
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
  const { response } = timeline;
  if (response && t >= response.start) {
    const back = returnPath(points);
    const at = back
      ? pointAlong(back, (Math.min(t, response.end) - response.start) / (response.end - response.start), step)
      : null;
    return at ? { ...at, hopIndex: segmentIndex, returning: !done, done } : null;
  }
  const to = points[segmentIndex];
  if (!to) return null;
  const from = points[segmentIndex - 1] ?? to;
  const at = step ? to : pointOnCurve(hopCurve(from, to), easeInOut(fraction));
  return { x: at.x, y: at.y, hopIndex: segmentIndex, returning: false, done };
}

/** The drawn points from the last back to the first, each once in a row. */
function returnPath(points: readonly (Point | null)[]): Point[] | null {
  const back: Point[] = [];
  for (const p of [...points].reverse()) {
    const last = back.at(-1);
    if (p && (!last || last.x !== p.x || last.y !== p.y)) back.push(p);
  }
  return back.length > 0 ? back : null;
}

/** A point `f` (0..1) of the way along a path, each leg taking the same time. */
function pointAlong(path: readonly Point[], f: number, step: boolean): Point {
  const legs = path.length - 1;
  if (legs < 1) return path[0] as Point;
  const x = Math.min(Math.max(f, 0), 1) * legs;
  const leg = Math.min(Math.floor(x), legs - 1);
  const from = path[leg] as Point;
  const to = path[leg + 1] as Point;
  if (step) return x - leg < 0.5 ? from : to;
  return pointOnCurve(hopCurve(from, to), easeInOut(x - leg));
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
