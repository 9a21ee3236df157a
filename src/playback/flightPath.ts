import { edgeId, type GraphId } from "../layout/graphIds";
import type { Stop } from "../layout/hopStops";
import { easeInOut, hopCurve, type Point, pointOnCurve } from "./hopCurve";

/**
 * A packet of a load run: unlike the single request, it does not pause at each hop to be read; it
 * glides through the drawn things it visits, one leg each, and is gone when it arrives.
 */
export interface FlightPath {
  points: Point[];
  /**
   * Edge ids from each drawn thing to every later one, to count traffic per standing edge: a
   * Service's edge to the pod counts even when kube-proxy's chip sits between them on the way.
   */
  edges: string[];
  failed: boolean;
}

/** Each leg of a packet's trip takes this long on screen, whatever the hop. */
export const LEG_MS = 380;

export function flightPath(stops: readonly (Stop | null)[], failed: boolean): FlightPath {
  const points: Point[] = [];
  const visited: GraphId[] = [];
  for (const stop of stops) {
    if (!stop || stop.id === visited.at(-1)) continue;
    points.push({ x: stop.x, y: stop.y });
    visited.push(stop.id);
  }
  const edges = visited.flatMap((from, i) => visited.slice(i + 1).map((to) => edgeId(from, to)));
  return { points, edges, failed };
}

/** Where the packet is `t` ms after it left; null before it leaves and once it has arrived. */
export function flightPosition(path: FlightPath, t: number, legMs = LEG_MS): Point | null {
  const legs = path.points.length - 1;
  if (t < 0 || legs < 1 || t >= legs * legMs) return null;
  const leg = Math.floor(t / legMs);
  const from = path.points[leg] as Point;
  const to = path.points[leg + 1] as Point;
  return pointOnCurve(hopCurve(from, to), easeInOut((t - leg * legMs) / legMs));
}

/**
 * Requests per edge as "count · share", the share among the edges leaving the same drawn thing:
 * how a Service's requests spread over its pods, how a router's over its backends.
 */
export function edgeLabels(
  counts: Readonly<Record<string, number>>,
  sources: ReadonlyMap<string, string>,
): Map<string, string> {
  const bySource = new Map<string, number>();
  for (const [id, n] of Object.entries(counts)) {
    const source = sources.get(id);
    if (source) bySource.set(source, (bySource.get(source) ?? 0) + n);
  }
  const labels = new Map<string, string>();
  for (const [id, n] of Object.entries(counts)) {
    const source = sources.get(id);
    const total = source ? (bySource.get(source) ?? 0) : 0;
    if (total > 0) labels.set(id, `${n} · ${Math.round((n / total) * 100)}%`);
  }
  return labels;
}
