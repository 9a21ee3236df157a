import { describe, expect, it } from "vitest";
import type { GraphId } from "../layout/graphIds";
import { edgeLabels, flightPath, flightPosition } from "./flightPath";

const stop = (id: string, x: number) => ({ id: id as GraphId, x, y: 0 });

describe("a packet's flight", () => {
  const path = flightPath([stop("a", 0), null, stop("b", 100), stop("b", 100), stop("c", 200)], false);

  it("skips undrawn hops and repeated stops, and names each drawn thing's edges to the later ones", () => {
    expect(path.points.map((p) => p.x)).toEqual([0, 100, 200]);
    expect(path.edges).toEqual(["a->b", "a->c", "b->c"]);
  });

  it.each([
    { t: -1, x: null },
    { t: 0, x: 0 },
    { t: 190, x: 50 },
    { t: 380, x: 100 },
    { t: 760, x: null },
  ])("at $t ms it is at x = $x", ({ t, x }) => {
    const at = flightPosition(path, t);
    expect(at === null ? null : Math.round(at.x)).toBe(x);
  });
});

describe("edge labels", () => {
  it("give each edge its share among the edges leaving the same thing", () => {
    const sources = new Map([
      ["svc->p1", "svc"],
      ["svc->p2", "svc"],
      ["lb->svc", "lb"],
    ]);
    const labels = edgeLabels({ "svc->p1": 30, "svc->p2": 10, "lb->svc": 40 }, sources);
    expect(Object.fromEntries(labels)).toEqual({
      "svc->p1": "30 · 75%",
      "svc->p2": "10 · 25%",
      "lb->svc": "40 · 100%",
    });
  });
});
