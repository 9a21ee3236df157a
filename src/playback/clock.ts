import type { Timeline } from "./timeline";

/**
 * The playback clock: where in the timeline the animation is, as a pure function of a wall clock
 * the caller passes in (performance.now in the page, any number in tests). Playing, it advances at
 * `speed` from `position` at `since`; paused, it stays at `position`.
 */
export interface PlaybackClock {
  playing: boolean;
  speed: number;
  /** Timeline milliseconds at `since`. */
  position: number;
  /** The wall-clock time `position` was taken at. */
  since: number;
}

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

export function startClock(now: number, speed: Speed = 1): PlaybackClock {
  return { playing: true, speed, position: 0, since: now };
}

export function clockTime(clock: PlaybackClock, now: number): number {
  return clock.playing ? clock.position + (now - clock.since) * clock.speed : clock.position;
}

export function pause(clock: PlaybackClock, now: number): PlaybackClock {
  return { ...clock, playing: false, position: clockTime(clock, now), since: now };
}

/** Playing again from the end starts over: the natural reading of "play" on a finished story. */
export function play(clock: PlaybackClock, timeline: Timeline, now: number): PlaybackClock {
  const at = clockTime(clock, now);
  return { ...clock, playing: true, position: at >= timeline.duration ? 0 : at, since: now };
}

export function setSpeed(clock: PlaybackClock, speed: Speed, now: number): PlaybackClock {
  return { ...clock, speed, position: clockTime(clock, now), since: now };
}

/** Paused at hop `index`: the dot has arrived there and rests (index -1: before the first hop). */
export function seekHop(clock: PlaybackClock, timeline: Timeline, index: number, now: number): PlaybackClock {
  const last = timeline.segments.length - 1;
  const target = Math.min(Math.max(index, -1), last);
  const position = target < 0 ? 0 : (timeline.segments[target]?.end ?? 0);
  return { ...clock, playing: false, position, since: now };
}

/**
 * The hop the clock has reached: the last one whose travel has ended, or -1 before the first
 * arrives. Stepping goes from this hop to its neighbour.
 */
export function hopAt(timeline: Timeline, t: number): number {
  return timeline.segments.findLastIndex((s) => s.end <= t);
}

/** One hop forward or back from where the clock is, paused there. */
export function stepHop(
  clock: PlaybackClock,
  timeline: Timeline,
  direction: 1 | -1,
  now: number,
): PlaybackClock {
  const t = clockTime(clock, now);
  const arrived = hopAt(timeline, t);
  const travelling = t >= (timeline.segments[arrived + 1]?.start ?? Number.POSITIVE_INFINITY);
  // Mid-travel, "back" returns to the hop the dot just left; at rest, to the one before it.
  const target = direction > 0 ? arrived + 1 : travelling ? arrived : arrived - 1;
  return seekHop(clock, timeline, target, now);
}
