/** Canvas geometry shared by the travelling dot and the trail it leaves, so they follow one line. */
export interface Point {
  x: number;
  y: number;
}

/**
 * A cubic Bézier leaving and arriving horizontally, like the graph's edges; a straight line when
 * the two points are stacked. Returns the control points of the curve from `a` to `b`.
 */
export function hopCurve(a: Point, b: Point): [Point, Point, Point, Point] {
  const pull = (b.x - a.x) / 2;
  return [a, { x: a.x + pull, y: a.y }, { x: b.x - pull, y: b.y }, b];
}

export function pointOnCurve([p0, p1, p2, p3]: [Point, Point, Point, Point], t: number): Point {
  const u = 1 - t;
  const w0 = u * u * u;
  const w1 = 3 * u * u * t;
  const w2 = 3 * u * t * t;
  const w3 = t * t * t;
  return {
    x: w0 * p0.x + w1 * p1.x + w2 * p2.x + w3 * p3.x,
    y: w0 * p0.y + w1 * p1.y + w2 * p2.y + w3 * p3.y,
  };
}

/** SVG path data through the points, one curve per pair. */
export function curvePath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return "";
  let d = `M${first.x},${first.y}`;
  let from = first;
  for (const to of rest) {
    const [, c1, c2] = hopCurve(from, to);
    d += ` C${c1.x},${c1.y} ${c2.x},${c2.y} ${to.x},${to.y}`;
    from = to;
  }
  return d;
}

/** Slow in, slow out: the dot leaves and arrives gently, so each stop is visible. */
export function easeInOut(t: number): number {
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}
