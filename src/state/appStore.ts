import { useStore } from "zustand";
import { autosave, restoreDocument } from "./persist";
import { type AppState, createAppStore } from "./store";

const storage = typeof localStorage === "undefined" ? undefined : localStorage;

/** The app's one store instance, started from the saved text and saving every change. */
export const appStore = createAppStore(restoreDocument(storage));
autosave(appStore, storage);

// The schema validators are the largest module of the page: they load after the first picture,
// and the problems list then includes what they find.
void import("../engine/kinds/validateSchema").then(({ KUBERNETES_SCHEMAS }) =>
  appStore.getState().setSchemas(KUBERNETES_SCHEMAS),
);

/** Components select small pieces with module-scope selectors (see selectors.ts). */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
