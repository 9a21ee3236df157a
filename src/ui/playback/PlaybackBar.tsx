import { SPEEDS, type Speed } from "../../playback/clock";
import { useApp } from "../../state/appStore";
import {
  selectPlayhead,
  selectPlaying,
  selectResponding,
  selectSent,
  selectSetSpeed,
  selectSpeed,
  selectStep,
  selectTogglePlay,
} from "../../state/selectors";
import { HOP_KIND_LABEL, hopSubject } from "../hopText";
import { PlaybackIcon } from "./PlaybackIcon";

/**
 * Play, pause, step and speed for the request on the graph, with the narration of the current hop:
 * what happens there and why, mirrored in a live region for screen readers.
 */
export function PlaybackBar() {
  const sent = useApp(selectSent);
  const playhead = useApp(selectPlayhead);
  const playing = useApp(selectPlaying);
  const speed = useApp(selectSpeed);
  const togglePlay = useApp(selectTogglePlay);
  const step = useApp(selectStep);
  const setSpeed = useApp(selectSetSpeed);
  const hops = sent?.trace.hops ?? [];
  const hop = hops[playhead];
  const last = hops.length - 1;
  const failedHere = sent && !sent.trace.outcome.delivered && playhead === last;
  const responding = useApp(selectResponding);

  return (
    <section className="playback" aria-label="Playback">
      <div className="playback__controls">
        <button
          type="button"
          className="icon-button"
          aria-label="Previous hop"
          disabled={!sent || playhead <= 0}
          onClick={() => step(-1, performance.now())}
        >
          <PlaybackIcon name="previous" />
        </button>
        <button
          type="button"
          className="icon-button icon-button--primary"
          aria-label={playing ? "Pause" : "Play"}
          disabled={!sent}
          onClick={() => togglePlay(performance.now())}
        >
          <PlaybackIcon name={playing ? "pause" : "play"} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Next hop"
          disabled={!sent || playhead >= last}
          onClick={() => step(1, performance.now())}
        >
          <PlaybackIcon name="next" />
        </button>
        <label className="playback__speed">
          <span className="visually-hidden">Speed</span>
          <select
            aria-label="Speed"
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value) as Speed, performance.now())}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <span className="playback__count" aria-hidden="true">
          {sent ? `${Math.max(0, playhead + 1)} / ${hops.length}` : "–"}
        </span>
      </div>
      <p className="narration" aria-live="polite" data-failed={failedHere || undefined}>
        {responding && sent && hops[0] ? (
          <>
            <strong>HTTP {sent.trace.outcome.status} travels back.</strong> The response takes the same
            connections back to {hopSubject(hops, 0)}.
          </>
        ) : hop ? (
          <>
            <strong>
              {HOP_KIND_LABEL[hop.kind]} {hopSubject(hops, playhead)}.
            </strong>{" "}
            {hop.explanation}
          </>
        ) : sent ? (
          "The request is on its way…"
        ) : (
          "Compose a request and press Send: it walks the cluster hop by hop, and each hop says which rule sent it there."
        )}
      </p>
    </section>
  );
}
