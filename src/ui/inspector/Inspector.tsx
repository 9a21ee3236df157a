import { useEffect, useMemo, useState } from "react";
import { renderKubectlGet } from "../../engine/dataplane/kubectlTables";
import type { ObjectRef } from "../../engine/diagnostics";
import type { Cluster } from "../../engine/model";
import { objectRelations } from "../../engine/relations";
import { useApp } from "../../state/appStore";
import {
  selectAnalysis,
  selectFileName,
  selectSelect,
  selectSelected,
  selectSelectedExtent,
  selectYaml,
} from "../../state/selectors";
import { ObjectActions } from "../events/ObjectActions";
import { LineButton } from "../LineButton";
import { ScrollText } from "../ScrollText";

const sameRef = (a: ObjectRef, b: ObjectRef | undefined) =>
  b !== undefined && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

/**
 * The selected object: where it is written, what it is wired to, what the engine says about it,
 * and what it looks like to kubectl and to the component that implements it.
 */
export function Inspector() {
  const selected = useApp(selectSelected);
  const select = useApp(selectSelect);
  if (!selected) {
    return (
      <p className="placeholder">
        Select an object on the graph (click it, or Tab to it and press Enter) to see its YAML, its relations
        and its configuration under the hood.
      </p>
    );
  }
  return (
    <section className="inspector" aria-label="Inspector">
      <header className="inspector__head">
        <h2 className="inspector__title">
          <span className="inspector__kind">{selected.kind}</span>{" "}
          {selected.namespace ? `${selected.namespace}/` : ""}
          {selected.name}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close inspector"
          onClick={() => select(null)}
        >
          ×
        </button>
      </header>
      <InspectorBody selected={selected} />
    </section>
  );
}

function InspectorBody({ selected }: { selected: ObjectRef }) {
  const analysis = useApp(selectAnalysis);
  const extent = useApp(selectSelectedExtent);
  const fileName = useApp(selectFileName);
  const yaml = useApp(selectYaml);
  const select = useApp(selectSelect);
  const { cluster, diagnostics } = analysis;
  const relations = useMemo(() => objectRelations(cluster, selected), [cluster, selected]);
  const problems = diagnostics.filter((d) => d.object && sameRef(d.object, selected));
  const kubectl = useMemo(
    () =>
      selected.kind === "Service" || selected.kind === "Pod"
        ? renderKubectlGet(cluster, {
            only: { kind: selected.kind, namespace: selected.namespace, name: selected.name },
          })
        : null,
    [cluster, selected],
  );
  const inEditor = extent && extent.file === fileName;
  const snippet = inEditor
    ? yaml
        .split("\n")
        .slice(extent.from - 1, extent.to)
        .join("\n")
    : null;
  const pod =
    selected.kind === "Pod"
      ? cluster.pods.find((p) => p.namespace === selected.namespace && p.name === selected.name)
      : undefined;

  return (
    <div className="inspector__body">
      <ObjectActions selected={selected} />
      {kubectl && (
        <section aria-label="kubectl get">
          <h3 className="inspector__section">kubectl get -o wide</h3>
          <ScrollText label="kubectl output" text={kubectl} className="inspector__pre" />
        </section>
      )}
      {problems.length > 0 && (
        <section aria-label="Problems of this object">
          <h3 className="inspector__section">Problems</h3>
          <ul className="inspector__list">
            {problems.map((d) => (
              <li key={`${d.code}:${d.line}:${d.column}`} className="problem" data-severity={d.severity}>
                <span className="severity">{d.severity}</span> {d.message} <LineButton line={d.line} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {relations.map((r) => (
        <section key={r.label} aria-label={r.label}>
          <h3 className="inspector__section">{r.label}</h3>
          {r.items.length === 0 ? (
            <p className="placeholder">none</p>
          ) : (
            <ul className="inspector__list">
              {r.items.map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: two routes can read the same
                <li key={i}>
                  {item.ref ? (
                    <button type="button" className="link-button" onClick={() => select(item.ref)}>
                      {item.text}
                    </button>
                  ) : (
                    item.text
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <section aria-label="YAML of this object">
        <h3 className="inspector__section">YAML{inEditor ? ` · lines ${extent.from}–${extent.to}` : ""}</h3>
        {inEditor && snippet !== null ? (
          <>
            <LineButton line={extent.from} what={`${selected.kind} ${selected.name}`} />
            <ScrollText label="YAML lines" text={snippet} className="inspector__pre" />
          </>
        ) : (
          <p className="placeholder">
            {pod
              ? `Not written in the manifest: made from ${pod.sourceKind} ${pod.sourceName}'s pod template (line ${pod.source.line}${pod.source.file === fileName ? "" : `, ${pod.source.file}`}).`
              : "Not written in the manifest: the simulation assumed it."}
          </p>
        )}
      </section>
      {(selected.kind === "Service" || selected.kind === "Pod") && (
        <HoodSection
          key={`${selected.kind}/${selected.namespace}/${selected.name}`}
          cluster={cluster}
          selected={selected}
        />
      )}
    </div>
  );
}

/**
 * Configuration text can be long to build, and its renderers are a chunk of their own: both are
 * loaded only when the section is opened.
 */
function HoodSection({ cluster, selected }: { cluster: Cluster; selected: ObjectRef }) {
  const [open, setOpen] = useState(false);
  const [hood, setHood] = useState<{ label: string; text: string } | null | undefined>(undefined);
  useEffect(() => {
    if (!open) return;
    let current = true;
    void import("./hoodText").then(({ hoodTextOf }) => {
      const found = hoodTextOf(cluster, selected);
      if (current) setHood(found ? { label: found.label, text: found.text() } : null);
    });
    return () => {
      current = false;
    };
  }, [open, cluster, selected]);
  return (
    <details className="inspector__hood" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="inspector__section">Under the hood{hood ? `: ${hood.label}` : ""}</summary>
      {hood === undefined && open && <p className="placeholder">Rendering…</p>}
      {hood === null && (
        <p className="placeholder">No proxy runs in this pod: kube-proxy on its node does the work.</p>
      )}
      {hood && <ScrollText label={hood.label} text={hood.text} className="inspector__pre" />}
    </details>
  );
}
