import { useApp } from "../state/appStore";
import { selectFileName, selectPlayhead, selectSeek, selectSent } from "../state/selectors";
import { HOP_KIND_LABEL, hopSubject } from "./hopText";
import { LineButton } from "./LineButton";

/**
 * The engine's hops, in order, each with its reason and the YAML line that decided it. A hop's
 * title jumps playback there.
 */
export function HopList() {
  const sent = useApp(selectSent);
  const playhead = useApp(selectPlayhead);
  const fileName = useApp(selectFileName);
  const seek = useApp(selectSeek);
  if (!sent) return <p className="placeholder">Press Send to follow a request hop by hop.</p>;
  const { hops, outcome } = sent.trace;
  const finished = playhead >= hops.length - 1;
  return (
    <ol className="hops" aria-label="Request path" data-playback={finished ? "done" : "playing"}>
      {hops.map((hop, i) => {
        const failed = !outcome.delivered && i === hops.length - 1;
        const progress = i < playhead ? "done" : i === playhead ? "current" : "upcoming";
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: hops are an ordered, immutable list
            key={i}
            className="hop"
            data-hop={hop.kind}
            data-progress={progress}
            data-failed={failed || undefined}
          >
            <span className="hop__step" aria-hidden="true">
              {i + 1}
            </span>
            <div className="hop__body">
              <button
                type="button"
                className="hop__head"
                aria-current={progress === "current" ? "step" : undefined}
                title="Show this hop on the graph"
                onClick={() => seek(i, performance.now())}
              >
                <span className="hop__kind">{HOP_KIND_LABEL[hop.kind]}</span>{" "}
                <span className="hop__name">{hopSubject(hops, i)}</span>
                {hop.address && <code className="hop__address">{hop.address}</code>}
              </button>
              <p className="hop__why">{hop.explanation}</p>
              {hop.source?.file === fileName && (
                <LineButton line={hop.source.line} what={`${hop.source.kind} ${hop.source.name}`} />
              )}
              {hop.source && hop.source.file !== fileName && (
                // Not in the editor: the controller the simulation added (or another file).
                <span className="hop__elsewhere">
                  {hop.source.kind} {hop.source.name} · {hop.source.file}
                </span>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
