import { useApp } from "../state/appStore";
import { selectDiagnostics, selectSchemasLoaded } from "../state/selectors";
import { LineButton } from "./LineButton";

/** The engine's diagnostics, most severe first, each pointing at its line. */
export function ProblemsList() {
  const diagnostics = useApp(selectDiagnostics);
  const schemasLoaded = useApp(selectSchemasLoaded);
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title" className="pane__title">
        Problems <span className="count">{diagnostics.length}</span>
      </h2>
      {!schemasLoaded && <p className="placeholder">Loading the Kubernetes schemas to check fields…</p>}
      {schemasLoaded && diagnostics.length === 0 && <p className="placeholder">No problems found.</p>}
      <ul aria-label="Problems" className="problems__list">
        {diagnostics.map((d) => (
          <li
            key={`${d.code}:${d.file}:${d.line}:${d.column}:${d.message}`}
            className="problem"
            data-severity={d.severity}
          >
            <p className="problem__head">
              <span className="severity">{d.severity}</span>
              <LineButton line={d.line} />
            </p>
            <p className="problem__message">{d.message}</p>
            <p className="problem__hint">{d.hint}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
