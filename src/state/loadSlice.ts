import type { StateCreator } from "zustand";
import { LOAD_RATES, LoadPlayer, type LoadRate } from "../simulation/loadPlayer";
import type { TrafficResult } from "../simulation/traffic";
import { requestSpec } from "./requestSlice";
import type { AppState } from "./store";

/** Burst requests leave this far apart, so a hundred read as a stream, not one blob. */
const BURST_SPACING_MS = 12;

export interface LoadSlice {
  /** The load run of the current request; null until a burst or a load starts. */
  player: LoadPlayer | null;
  /** The request the player sends, so a changed request starts a fresh count. */
  playerKey: string | null;
  loadRate: LoadRate;
  loadRunning: boolean;
  /** Bumped on every burst: the animation loop wakes for it even when no load runs. */
  burstNonce: number;
  /** How the requests so far spread over pods, refreshed a few times a second while they fly. */
  traffic: TrafficResult | null;
  /** Requests per drawn edge, by edge id. */
  edgeCounts: Record<string, number>;
  sendBurst: (count: number, now: number) => void;
  toggleLoad: (now: number) => void;
  setLoadRate: (rate: LoadRate, now: number) => void;
  publishTraffic: (traffic: TrafficResult, edgeCounts: Record<string, number>) => void;
  resetLoad: () => Partial<LoadSlice>;
}

export const createLoadSlice: StateCreator<AppState, [], [], LoadSlice> = (set, get) => {
  /** The player for the request as it is now, reusing the current one while the request is the same. */
  const playerFor = (): LoadPlayer | null => {
    const { analysis, from, method, url, headers, sends, player, playerKey } = get();
    const key = JSON.stringify([from, method, url, headers]);
    if (player && playerKey === key) return player;
    try {
      const fresh = new LoadPlayer(analysis, requestSpec(get()), sends + 1);
      set({
        player: fresh,
        playerKey: key,
        edgeCounts: {},
        traffic: null,
        requestError: null,
        sends: sends + 1,
      });
      return fresh;
    } catch (error) {
      set({ requestError: error instanceof Error ? error.message : String(error), loadRunning: false });
      return null;
    }
  };
  return {
    player: null,
    playerKey: null,
    loadRate: LOAD_RATES[2],
    loadRunning: false,
    burstNonce: 0,
    traffic: null,
    edgeCounts: {},
    sendBurst: (count, now) => {
      const player = playerFor();
      if (!player) return;
      player.burst(count, now, BURST_SPACING_MS);
      // The counts are known at once; the packets then fly on the graph.
      set({ traffic: player.result(), burstNonce: get().burstNonce + 1, panel: "path" });
    },
    toggleLoad: (now) => {
      if (get().loadRunning) {
        get().player?.stop();
        set({ loadRunning: false });
        return;
      }
      const player = playerFor();
      if (!player) return;
      player.start(now, get().loadRate);
      set({ loadRunning: true, panel: "path" });
    },
    setLoadRate: (rate, now) => {
      const { player, loadRunning } = get();
      if (player && loadRunning) player.start(now, rate);
      set({ loadRate: rate });
    },
    publishTraffic: (traffic, edgeCounts) => set({ traffic, edgeCounts }),
    /** What a changed manifest or view does to a load run: it stops, and its counts go. */
    resetLoad: () => {
      get().player?.stop();
      return { player: null, playerKey: null, loadRunning: false, traffic: null, edgeCounts: {} };
    },
  };
};
