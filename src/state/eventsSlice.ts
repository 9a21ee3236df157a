import type { StateCreator } from "zustand";
import type { ClusterEvent } from "../simulation/clusterEvents";
import { keptSource } from "./defaultRequest";
import { withEvents } from "./documentSlice";
import { reselect } from "./selectionSlice";
import type { AppState } from "./store";

export interface EventsSlice {
  applyEvent: (event: ClusterEvent, now: number) => void;
  resetEvents: (now: number) => void;
}

/**
 * Events change the cluster under a running request: the shown request is over (its pod may be
 * gone), a running load carries on against the new cluster (its next requests go to the new pods),
 * and the selection follows the object if it still exists.
 */
export const createEventsSlice: StateCreator<AppState, [], [], EventsSlice> = (set, get) => {
  const replay = (events: ClusterEvent[], now: number) => {
    const { baseAnalysis, view, selected, from, loadRunning } = get();
    const next = withEvents(baseAnalysis, events, view);
    set({
      ...next,
      ...reselect(next.analysis, selected),
      from: keptSource(next.analysis.cluster, from),
      sent: null,
      playhead: -1,
      ...get().resetLoad(),
      panel: "events",
    });
    if (loadRunning) {
      get().toggleLoad(now);
      set({ panel: "events" });
    }
  };
  return {
    applyEvent: (event, now) => replay([...get().events, event], now),
    resetEvents: (now) => replay([], now),
  };
};
