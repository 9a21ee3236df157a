import { findScenario, type RequestPreset } from "../scenarios/scenarios";
import { LOAD_RATES, type LoadRate } from "../simulation/loadPlayer";
import { useApp } from "../state/appStore";
import { EXTERNAL } from "../state/defaultRequest";
import {
  selectApplyPreset,
  selectCluster,
  selectFrom,
  selectHeaders,
  selectLoadRate,
  selectLoadRunning,
  selectMethod,
  selectScenarioId,
  selectSend,
  selectSendBurst,
  selectSetFrom,
  selectSetHeaders,
  selectSetLoadRate,
  selectSetMethod,
  selectSetUrl,
  selectToggleLoad,
  selectUrl,
} from "../state/selectors";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const NO_PRESETS: readonly RequestPreset[] = [];

/** Who sends what: a pod (or the outside client) and a URL. The engine does the rest on Send. */
export function RequestForm() {
  const cluster = useApp(selectCluster);
  const from = useApp(selectFrom);
  const url = useApp(selectUrl);
  const setFrom = useApp(selectSetFrom);
  const setUrl = useApp(selectSetUrl);
  const headers = useApp(selectHeaders);
  const setHeaders = useApp(selectSetHeaders);
  const send = useApp(selectSend);
  const sendBurst = useApp(selectSendBurst);
  const loadRunning = useApp(selectLoadRunning);
  const loadRate = useApp(selectLoadRate);
  const toggleLoad = useApp(selectToggleLoad);
  const setLoadRate = useApp(selectSetLoadRate);
  const method = useApp(selectMethod);
  const setMethod = useApp(selectSetMethod);
  const applyPreset = useApp(selectApplyPreset);
  const scenarioId = useApp(selectScenarioId);
  const presets = (scenarioId ? findScenario(scenarioId)?.presets : undefined) ?? NO_PRESETS;

  return (
    <form
      className="request"
      aria-label="Request"
      onSubmit={(event) => {
        event.preventDefault();
        send(performance.now());
      }}
    >
      {presets.length > 0 && (
        <label className="field field--preset">
          <span className="field__label">Try</span>
          <select
            value=""
            onChange={(e) => {
              const preset = presets[Number(e.target.value)];
              if (preset) applyPreset(preset);
            }}
          >
            <option value="" disabled>
              A request of this scenario…
            </option>
            {presets.map((p, i) => (
              <option key={p.label} value={i}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field field--from">
        <span className="field__label">From</span>
        <select value={from} onChange={(e) => setFrom(e.target.value)}>
          <option value={EXTERNAL}>external (outside the cluster)</option>
          {from !== EXTERNAL && !cluster.pods.some((p) => `${p.namespace}/${p.name}` === from) && (
            // A preset names a workload; the engine sends from its first pod.
            <option value={from}>{`${from} (a pod of the workload)`}</option>
          )}
          {cluster.nodes.map((node) => (
            <optgroup key={node.name} label={`Pods on ${node.name}`}>
              {cluster.pods
                .filter((p) => p.nodeName === node.name)
                .map((p) => (
                  <option key={p.key} value={`${p.namespace}/${p.name}`}>
                    {`${p.namespace}/${p.name}`}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="field field--method">
        <span className="field__label">Method</span>
        <select value={method} onChange={(e) => setMethod(e.target.value)}>
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label className="field field--url">
        <span className="field__label">URL</span>
        <input
          type="text"
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      <label className="field field--headers">
        <span className="field__label">Headers</span>
        <textarea
          rows={2}
          spellCheck={false}
          autoComplete="off"
          placeholder="Name: value, one per line"
          value={headers}
          onChange={(e) => setHeaders(e.target.value)}
        />
      </label>
      <fieldset className="load">
        <legend className="visually-hidden">Load</legend>
        <button type="button" className="burst" onClick={() => sendBurst(100, performance.now())}>
          Send 100
        </button>
        <button
          type="button"
          className="burst"
          aria-pressed={loadRunning}
          onClick={() => toggleLoad(performance.now())}
        >
          {loadRunning ? "Stop load" : "Start load"}
        </button>
        <select
          aria-label="Rate"
          value={loadRate}
          onChange={(e) => setLoadRate(Number(e.target.value) as LoadRate, performance.now())}
        >
          {LOAD_RATES.map((r) => (
            <option key={r} value={r}>
              {r} req/s
            </option>
          ))}
        </select>
      </fieldset>
      <button type="submit" className="send">
        Send
        <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor">
          <path d="M4 12h14m-5-6 6 6-6 6" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
    </form>
  );
}
