import { createStore } from "zustand/vanilla";
import { createDocumentSlice, type DocumentSlice } from "./documentSlice";
import { createEventsSlice, type EventsSlice } from "./eventsSlice";
import { createLoadSlice, type LoadSlice } from "./loadSlice";
import { createRequestSlice, type RequestSlice } from "./requestSlice";
import { createSelectionSlice, type SelectionSlice } from "./selectionSlice";

export type AppState = DocumentSlice & RequestSlice & SelectionSlice & LoadSlice & EventsSlice;

/** The one store: the YAML and what it derives (document), and the request and its playback. */
export function createAppStore(initial: { yaml: string; fileName: string }) {
  return createStore<AppState>()((...a) => {
    const document = createDocumentSlice(initial)(...a);
    return {
      ...document,
      ...createRequestSlice(document.analysis.cluster)(...a),
      ...createSelectionSlice(...a),
      ...createLoadSlice(...a),
      ...createEventsSlice(...a),
    };
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
