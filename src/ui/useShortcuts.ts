import { useEffect } from "react";
import { appStore } from "../state/appStore";

/** Keys that belong to whatever has focus: typing, choosing, pressing a button. */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.closest("input, textarea, select, button, [role='tab'], [role='separator'], .react-flow__node") !==
      null
  );
}

/**
 * Playback from the keyboard, anywhere focus is not taken by a control: Space plays or pauses,
 * the arrows step a hop back or forward, Escape closes the inspector.
 */
export function useShortcuts() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || ownsKeys(event.target)) return;
      const state = appStore.getState();
      const now = performance.now();
      if (event.key === " ") state.togglePlay(now);
      else if (event.key === "ArrowRight") state.step(1, now);
      else if (event.key === "ArrowLeft") state.step(-1, now);
      else if (event.key === "Escape") state.select(null);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
