import type { Trace } from "../engine/traceTypes";

/**
 * Trace -> timeline: when the travelling dot moves into each hop. Pure arithmetic on a clock the
 * caller owns (milliseconds since the request was sent): no timers, no randomness, no frames.
 */

/** The dot travels into hop `hopIndex` from `start` to `end`, then rests there until the next start. */
export interface Segment {
  hopIndex: number;
  start: number;
  end: number;
}

export interface Timeline {
  segments: Segment[];
  /**
   * The response travelling back the way the request came, after the last hop's rest; null when
   * nothing answers (no name, a dropped packet, a refused connection).
   */
  response: { start: number; end: number } | null;
  /** When the response is back (or the dot has rested at the last hop): the animation is over. */
  duration: number;
}

/** How long a hop takes on screen. Real hops take microseconds; this is reading speed, not latency. */
export interface Pace {
  travelMs: number;
  restMs: number;
  /** The response's way back takes this long per hop: faster, it is the same road. */
  returnMs: number;
}

export const DEFAULT_PACE: Pace = { travelMs: 520, restMs: 320, returnMs: 180 };

export interface Progress {
  /** The segment the dot is in or last finished; -1 for an empty timeline. */
  segmentIndex: number;
  /** 0..1 along the segment's travel; 1 while resting. */
  fraction: number;
  done: boolean;
}

/**
 * Every hop gets the same beat, DNS as much as a load balancer: each is one step of the story, and
 * a reader needs the same time to follow each one.
 */
export function buildTimeline(
  trace: Pick<Trace, "hops"> & Partial<Pick<Trace, "outcome">>,
  pace: Pace = DEFAULT_PACE,
): Timeline {
  const beat = pace.travelMs + pace.restMs;
  const segments = trace.hops.map((_, hopIndex) => ({
    hopIndex,
    start: hopIndex * beat,
    end: hopIndex * beat + pace.travelMs,
  }));
  const arrived = segments.length * beat;
  // An HTTP status is an answer, and answers travel back to the client; silence does not.
  const answered = trace.outcome?.status != null && segments.length > 1;
  const response = answered ? { start: arrived, end: arrived + (segments.length - 1) * pace.returnMs } : null;
  return { segments, response, duration: response?.end ?? arrived };
}

export function progress(timeline: Timeline, t: number): Progress {
  const { segments, duration } = timeline;
  if (segments.length === 0) return { segmentIndex: -1, fraction: 0, done: true };
  // The last segment whose travel has begun; before the first start the dot waits at the start.
  const index = Math.max(
    0,
    segments.findLastIndex((s) => s.start <= t),
  );
  const segment = segments[index] as Segment;
  const span = segment.end - segment.start;
  const fraction = span <= 0 ? 1 : clamp((t - segment.start) / span, 0, 1);
  return { segmentIndex: index, fraction, done: t >= duration };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
