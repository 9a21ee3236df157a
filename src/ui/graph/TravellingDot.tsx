import { ViewportPortal } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { clockTime } from "../../playback/clock";
import { dotPosition } from "../../playback/dotPosition";
import { progress } from "../../playback/timeline";
import { appStore, useApp } from "../../state/appStore";
import { selectSent, selectSetPlayhead } from "../../state/selectors";

/**
 * The app's one requestAnimationFrame loop. Position is a pure function of the playback clock;
 * the dot is moved by writing its transform (no React render per frame), and the store hears
 * only when the hop changes. Under prefers-reduced-motion the dot steps from hop to hop.
 */
export function TravellingDot() {
  const sent = useApp(selectSent);
  const setPlayhead = useApp(selectSetPlayhead);
  const dot = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!sent) return;
    const step = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const lastHop = sent.trace.hops.length - 1;
    let frame = 0;
    const tick = (now: number) => {
      const t = clockTime(sent.clock, now);
      const { segmentIndex, done } = progress(sent.timeline, t);
      const at = dotPosition(sent.stops, sent.timeline, t, step);
      const element = dot.current;
      if (element && at) {
        element.style.transform = `translate(${at.x}px, ${at.y}px)`;
        element.dataset.state = at.returning
          ? "returning"
          : done
            ? sent.trace.outcome.delivered
              ? "arrived"
              : "failed"
            : "moving";
      }
      setPlayhead(done ? lastHop : segmentIndex);
      appStore.getState().setResponding(at?.returning ?? false);
      // The story is told: stop the clock, so Play reads "play again" and starts over.
      if (done && sent.clock.playing) appStore.getState().togglePlay(now);
      // Paused, one frame draws the dot where the clock stands; the next change of clock redraws.
      if (!done && sent.clock.playing) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [sent, setPlayhead]);

  if (!sent || sent.stops.every((s) => s === null)) return null;
  return (
    <ViewportPortal>
      <div ref={dot} className="dot" data-state="moving" aria-hidden="true" />
    </ViewportPortal>
  );
}
