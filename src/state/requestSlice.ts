import type { StateCreator } from "zustand";
import type { Cluster } from "../engine/model";
import { routeRequest } from "../engine/trace";
import type { RequestSpec, Trace } from "../engine/traceTypes";
import { hopStops, type Stop } from "../layout/hopStops";
import {
  type PlaybackClock,
  pause,
  play,
  type Speed,
  seekHop,
  setSpeed,
  startClock,
  stepHop,
} from "../playback/clock";
import { buildTimeline, type Timeline } from "../playback/timeline";
import type { RequestPreset } from "../scenarios/scenarios";
import { defaultRequest } from "./defaultRequest";
import { parseHeaders } from "./parseHeaders";
import type { AppState } from "./store";

export interface SentRequest {
  trace: Trace;
  /** Where each hop happens on the canvas (null: nothing drawn for it). */
  stops: (Stop | null)[];
  timeline: Timeline;
  /** Where playback is; the animation reads it every frame with performance.now. */
  clock: PlaybackClock;
}

export interface RequestSlice {
  from: string;
  method: string;
  url: string;
  /** Request headers as typed: one `Name: value` per line. */
  headers: string;
  sent: SentRequest | null;
  /** Why the request could not be formed (bad URL, unknown pod): the engine's own message. */
  requestError: string | null;
  /** Sends so far; each send uses the next seed, so resending shows kube-proxy's spread. */
  sends: number;
  /** The hop the animation has reached, -1 before the first. */
  playhead: number;
  /** Playback speed, kept across requests. */
  speed: Speed;
  /** The response is travelling back to the client. */
  responding: boolean;
  setResponding: (responding: boolean) => void;
  setFrom: (from: string) => void;
  setMethod: (method: string) => void;
  applyPreset: (preset: RequestPreset) => void;
  setUrl: (url: string) => void;
  setHeaders: (headers: string) => void;
  send: (now: number) => void;
  setPlayhead: (hopIndex: number) => void;
  togglePlay: (now: number) => void;
  step: (direction: 1 | -1, now: number) => void;
  seek: (hopIndex: number, now: number) => void;
  setSpeed: (speed: Speed, now: number) => void;
}

export const createRequestSlice =
  (cluster: Cluster): StateCreator<AppState, [], [], RequestSlice> =>
  (set, get) => ({
    ...defaultRequest(cluster),
    headers: "",
    method: "GET",
    sent: null,
    requestError: null,
    sends: 0,
    playhead: -1,
    speed: 1,
    responding: false,
    setResponding: (responding) => {
      if (responding !== get().responding) set({ responding });
    },
    // A changed request is a different load: its counts start over.
    setFrom: (from) => set({ from, ...get().resetLoad() }),
    setMethod: (method) => set({ method, ...get().resetLoad() }),
    applyPreset: (preset) =>
      set({
        from: preset.from,
        url: preset.url,
        method: preset.method ?? "GET",
        headers: Object.entries(preset.headers ?? {})
          .map(([name, value]) => `${name}: ${value}`)
          .join("\n"),
        ...get().resetLoad(),
      }),
    setUrl: (url) => set({ url, ...get().resetLoad() }),
    setHeaders: (headers) => set({ headers, ...get().resetLoad() }),
    send: (now) => {
      const { analysis, layout, sends, speed } = get();
      try {
        const trace = routeRequest(analysis, requestSpec(get()), { seed: sends + 1 });
        set({
          sent: {
            trace,
            stops: hopStops(trace, layout),
            timeline: buildTimeline(trace),
            clock: startClock(now, speed),
          },
          requestError: null,
          sends: sends + 1,
          playhead: -1,
          panel: "path",
        });
      } catch (error) {
        // The engine throws only for a request it cannot form; say why instead of blanking the page.
        set({
          sent: null,
          requestError: error instanceof Error ? error.message : String(error),
          playhead: -1,
        });
      }
    },
    setPlayhead: (playhead) => {
      if (playhead !== get().playhead) set({ playhead });
    },
    togglePlay: (now) => {
      const { sent } = get();
      if (!sent) return;
      const clock = sent.clock.playing ? pause(sent.clock, now) : play(sent.clock, sent.timeline, now);
      set({ sent: { ...sent, clock } });
    },
    step: (direction, now) => {
      const { sent } = get();
      if (!sent) return;
      const clock = stepHop(sent.clock, sent.timeline, direction, now);
      set({ sent: { ...sent, clock } });
    },
    seek: (hopIndex, now) => {
      const { sent } = get();
      if (!sent) return;
      set({ sent: { ...sent, clock: seekHop(sent.clock, sent.timeline, hopIndex, now) } });
    },
    setSpeed: (speed, now) => {
      const { sent } = get();
      set({ speed, ...(sent ? { sent: { ...sent, clock: setSpeed(sent.clock, speed, now) } } : {}) });
    },
  });

/** The request as the engine takes it, from what the composer holds. Throws on a bad header line. */
export function requestSpec(state: Pick<RequestSlice, "from" | "method" | "url" | "headers">): RequestSpec {
  return { from: state.from, method: state.method, url: state.url, headers: parseHeaders(state.headers) };
}
