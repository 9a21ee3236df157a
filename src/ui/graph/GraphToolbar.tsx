import { Panel } from "@xyflow/react";
import type { GraphView } from "../../layout/graphView";
import { useApp } from "../../state/appStore";
import { selectSetView, selectView } from "../../state/selectors";

const VIEWS: { id: GraphView; label: string; title: string }[] = [
  { id: "cluster", label: "Cluster", title: "Where pods run: nodes, kube-proxy, NodePorts" },
  {
    id: "traffic",
    label: "Traffic",
    title: "Where requests go: client to load balancer to routes to Services to pods",
  },
];

/** The two views of the same cluster; the request on screen stays when switching. */
export function GraphToolbar() {
  const view = useApp(selectView);
  const setView = useApp(selectSetView);
  return (
    <Panel position="top-left" className="graph-toolbar">
      {/* biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a fieldset in a form */}
      <div className="segmented" role="group" aria-label="View">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            className="segmented__option"
            aria-pressed={view === v.id}
            title={v.title}
            onClick={() => setView(v.id)}
          >
            {v.label}
          </button>
        ))}
      </div>
    </Panel>
  );
}
