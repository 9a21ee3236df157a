import { DEFAULT_SCENARIO, SCENARIOS } from "../scenarios/scenarios";
import type { AppStore } from "./store";

const KEY = "hopscope:yaml:v1";
const FILE_NAME = "manifest.yaml";

/**
 * The text to start with: what the user last had, else the default scenario. Storage can be
 * missing or throw (private windows, quota, sandboxed iframes): then the app simply starts fresh.
 */
export function restoreDocument(storage: Storage | undefined): { yaml: string; fileName: string } {
  try {
    const saved = storage?.getItem(KEY);
    if (typeof saved === "string") {
      const scenario = SCENARIOS.find((s) => s.yaml === saved);
      return { yaml: saved, fileName: scenario?.fileName ?? FILE_NAME };
    }
  } catch {
    // Unreadable storage is the same as none.
  }
  return { yaml: DEFAULT_SCENARIO.yaml, fileName: DEFAULT_SCENARIO.fileName };
}

/** Saves the text whenever it changes (the editor already debounces typing). Returns the unsubscribe. */
export function autosave(store: AppStore, storage: Storage | undefined): () => void {
  return store.subscribe((state, previous) => {
    if (state.yaml === previous.yaml) return;
    try {
      storage?.setItem(KEY, state.yaml);
    } catch {
      // A full or blocked storage must not break editing; the text is only not kept.
    }
  });
}
