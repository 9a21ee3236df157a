import type { StateCreator } from "zustand";
import type { ObjectRef } from "../engine/diagnostics";
import type { Analysis } from "../engine/model";
import { type ObjectExtent, objectExtent } from "../engine/parse/objectExtent";
import type { AppState } from "./store";

/** What the side panel shows: the request's path, the selected object, or whole configurations. */
export type SidePanel = "path" | "inspector" | "events" | "hood";

export interface SelectionSlice {
  panel: SidePanel;
  setPanel: (panel: SidePanel) => void;
  /** The object the inspector shows; null when nothing is selected. */
  selected: ObjectRef | null;
  /** Where the selected object is written, when it is written in the editor's file. */
  selectedExtent: ObjectExtent | null;
  select: (ref: ObjectRef | null) => void;
}

/** The selection after the text changed: kept while the object still exists, its lines re-found. */
export function reselect(analysis: Analysis, selected: ObjectRef | null) {
  const extent = selected ? objectExtent(analysis.manifest, selected) : null;
  const exists =
    selected !== null &&
    (extent !== null ||
      // Pods made by a workload and nodes the simulation assumed are drawn but not written.
      (selected.kind === "Pod" &&
        analysis.cluster.pods.some((p) => p.namespace === selected.namespace && p.name === selected.name)) ||
      (selected.kind === "Node" && analysis.cluster.nodes.some((n) => n.name === selected.name)));
  return { selected: exists ? selected : null, selectedExtent: exists ? extent : null };
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selected: null,
  selectedExtent: null,
  panel: "path",
  setPanel: (panel) => set({ panel }),
  // Selecting shows the inspector; closing it goes back to the request's path.
  select: (ref) => set({ ...reselect(get().analysis, ref), panel: ref ? "inspector" : "path" }),
});
