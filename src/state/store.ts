import { createStore } from "zustand/vanilla";
import { createDocumentSlice, type DocumentSlice } from "./documentSlice";
import { createRequestSlice, type RequestSlice } from "./requestSlice";

export type AppState = DocumentSlice & RequestSlice;

/** The one store: the YAML and what it derives (document), and the request and its playback. */
export function createAppStore(initial: { yaml: string; fileName: string }) {
  return createStore<AppState>()((...a) => {
    const document = createDocumentSlice(initial)(...a);
    return { ...document, ...createRequestSlice(document.analysis.cluster)(...a) };
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
