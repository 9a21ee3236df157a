import { lazy, Suspense } from "react";
import { useApp } from "../state/appStore";
import { selectRevision, selectYaml } from "../state/selectors";

// CodeMirror is the biggest piece of the page: it loads after the graph is on screen.
const YamlEditor = lazy(() => import("./editor/YamlEditor"));

export function EditorPane() {
  const yaml = useApp(selectYaml);
  const revision = useApp(selectRevision);
  return (
    <Suspense
      fallback={
        <pre className="editor editor--loading" aria-busy="true">
          {yaml}
        </pre>
      }
    >
      {/* A new revision (a scenario was picked) replaces the draft: remount with the new text. */}
      <YamlEditor key={revision} initial={yaml} />
    </Suspense>
  );
}
