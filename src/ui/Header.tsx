import { SCENARIOS } from "../scenarios/scenarios";
import { useApp } from "../state/appStore";
import { selectLoadScenario, selectScenarioId } from "../state/selectors";

export function Header() {
  const scenarioId = useApp(selectScenarioId);
  const loadScenario = useApp(selectLoadScenario);
  return (
    <header className="topbar">
      <div className="brand">
        <svg className="brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
          <path d="M4 24c3-10 7-10 8 0c2-12 8-12 10 0c1-7 4-7 6 0" fill="none" strokeWidth="2.4" />
          <circle cx="28" cy="24" r="3.2" />
        </svg>
        <h1 className="brand__name">Hopscope</h1>
        <span className="brand__tagline">where does my request go in Kubernetes?</span>
      </div>
      <label className="field field--inline">
        <span className="field__label">Scenario</span>
        <select value={scenarioId ?? ""} onChange={(e) => loadScenario(e.target.value)}>
          {scenarioId === null && (
            <option value="" disabled>
              Your manifest
            </option>
          )}
          {SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
