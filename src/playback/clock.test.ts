import { describe, expect, it } from "vitest";
import { clockTime, hopAt, pause, play, seekHop, setSpeed, startClock, stepHop } from "./clock";
import { buildTimeline } from "./timeline";

// Three hops at 100 ms travel + 50 ms rest: segments [0,100] [150,250] [300,400], duration 450.
const timeline = buildTimeline({ hops: [{}, {}, {}] as never }, { travelMs: 100, restMs: 50, returnMs: 40 });

describe("playback clock", () => {
  it.each([
    { name: "runs with the wall clock", clock: startClock(1000), now: 1120, t: 120 },
    { name: "runs at its speed", clock: startClock(1000, 2), now: 1100, t: 200 },
    { name: "stands still when paused", clock: pause(startClock(1000), 1050), now: 9000, t: 50 },
    {
      name: "keeps its place across a speed change",
      clock: setSpeed(startClock(0), 4, 100),
      now: 110,
      t: 140,
    },
  ])("$name", ({ clock, now, t }) => {
    expect(clockTime(clock, now)).toBe(t);
  });

  it("play after the end starts over, play mid-way continues", () => {
    const ended = pause(startClock(0), 500);
    expect(clockTime(play(ended, timeline, 600), 600)).toBe(0);
    const midway = pause(startClock(0), 200);
    expect(clockTime(play(midway, timeline, 600), 610)).toBe(210);
  });

  it.each([
    { at: 0, hop: -1 },
    { at: 99, hop: -1 },
    { at: 100, hop: 0 },
    { at: 260, hop: 1 },
    { at: 449, hop: 2 },
  ])("at $at ms the dot has arrived at hop $hop", ({ at, hop }) => {
    expect(hopAt(timeline, at)).toBe(hop);
  });

  it.each([
    { name: "forward from the start arrives at hop 0", at: 0, direction: 1 as const, hop: 0 },
    { name: "forward from rest at hop 0 arrives at hop 1", at: 120, direction: 1 as const, hop: 1 },
    { name: "forward mid-travel into hop 1 arrives at hop 1", at: 200, direction: 1 as const, hop: 1 },
    { name: "back from rest at hop 1 returns to hop 0", at: 260, direction: -1 as const, hop: 0 },
    { name: "back mid-travel into hop 2 returns to hop 1", at: 350, direction: -1 as const, hop: 1 },
    { name: "forward at the last hop stays there", at: 440, direction: 1 as const, hop: 2 },
  ])("$name", ({ at, direction, hop }) => {
    const clock = stepHop(pause(startClock(0), at), timeline, direction, at);
    expect(clock.playing).toBe(false);
    expect(hopAt(timeline, clockTime(clock, at + 1000))).toBe(hop);
  });

  it("seeking before the first hop rests at the start", () => {
    expect(clockTime(seekHop(startClock(0), timeline, -1, 10), 10)).toBe(0);
  });
});
