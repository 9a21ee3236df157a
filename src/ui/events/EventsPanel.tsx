import { formatEvent } from "../../simulation/eventSyntax";
import { useApp } from "../../state/appStore";
import { selectEventResults, selectPending, selectResetEvents } from "../../state/selectors";

/**
 * The simulated events, in order, each with what the controllers did (or why it could not
 * happen), and a reset back to the cluster the YAML makes.
 */
export function EventsPanel() {
  const results = useApp(selectEventResults);
  const pending = useApp(selectPending);
  const reset = useApp(selectResetEvents);
  return (
    <section className="events" aria-label="Cluster events">
      <header className="events__head">
        <p className="events__intro">
          Events happen to the running cluster; the YAML does not change. Select a pod or a node on the graph
          to kill, scale, fail or drain it.
        </p>
        <button
          type="button"
          className="burst"
          disabled={results.length === 0}
          onClick={() => reset(performance.now())}
        >
          Reset events
        </button>
      </header>
      {results.length === 0 ? (
        <p className="placeholder">No events yet: the cluster is as the YAML makes it.</p>
      ) : (
        <ol className="events__list" aria-label="Event timeline">
          {results.map((result, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: events are an ordered list that only grows or resets
              key={i}
              className="event"
              data-ok={result.ok}
            >
              <p className="event__what">
                <span className="event__step">{i + 1}</span> <code>{formatEvent(result.event)}</code>
              </p>
              {result.ok ? (
                result.narration.map((line) => (
                  <p key={line} className="event__line">
                    {line}
                  </p>
                ))
              ) : (
                <p className="event__line event__line--error" role="alert">
                  {result.error.message}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {pending.length > 0 && (
        <section aria-label="Pending pods">
          <h3 className="inspector__section">Pending</h3>
          <ul className="inspector__list">
            {pending.map((p) => (
              <li key={`${p.namespace}/${p.name}`}>
                {p.namespace}/{p.name} ({p.owner}): {p.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
