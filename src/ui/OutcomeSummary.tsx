import { useApp } from "../state/appStore";
import { selectRequestError, selectSent } from "../state/selectors";
import { FAILURE_LABEL } from "./hopText";

/** The engine's verdict on the request, shown at once (the animation only retells it). */
export function OutcomeSummary() {
  const sent = useApp(selectSent);
  const error = useApp(selectRequestError);
  if (error) {
    return (
      <p className="outcome" data-outcome="invalid" role="alert">
        {error}
      </p>
    );
  }
  if (!sent) return null;
  const { outcome, destination } = sent.trace;
  return (
    <section className="outcome" aria-label="Outcome" aria-live="polite" data-outcome={outcome.reason}>
      <p className="outcome__verdict">
        <span className="outcome__mark" aria-hidden="true">
          {outcome.delivered ? "✓" : "✕"}
        </span>
        {outcome.delivered ? "Delivered" : `Not delivered: ${FAILURE_LABEL[outcome.reason]}`}
        {outcome.status !== null && <span className="outcome__status">HTTP {outcome.status}</span>}
        <span className="outcome__time">{outcome.elapsedMs} ms</span>
      </p>
      {destination && (
        <p className="outcome__where">
          to <strong>{`${destination.namespace}/${destination.pod}`}</strong>, container{" "}
          <strong>{destination.container}</strong> on port {destination.port}, path{" "}
          <code>{destination.path}</code>
        </p>
      )}
    </section>
  );
}
