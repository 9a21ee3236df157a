import type { StateCreator } from "zustand";
import { analyzeWith } from "../engine/analyzeManifest";
import type { SchemaCheck } from "../engine/kinds/schemaCheck";
import type { Analysis } from "../engine/model";
import type { ClusterEdge } from "../layout/clusterEdges";
import { type GraphView, layoutView } from "../layout/graphView";
import { hopStops } from "../layout/hopStops";
import type { ClusterLayout } from "../layout/layoutCluster";
import { findScenario, SCENARIOS } from "../scenarios/scenarios";
import { applyEvents } from "../simulation/applyEvents";
import type { ClusterEvent, EventResult, PendingPod } from "../simulation/clusterEvents";
import { defaultRequest, keptSource } from "./defaultRequest";
import { reselect } from "./selectionSlice";
import type { AppState } from "./store";

export interface DocumentSlice {
  yaml: string;
  fileName: string;
  /** The scenario the text still equals, or null once edited. */
  scenarioId: string | null;
  /** Bumped when the text is replaced from outside the editor, so the editor drops its draft. */
  revision: number;
  /** The cluster as the YAML alone makes it. */
  baseAnalysis: Analysis;
  /** Simulated events on top of the YAML, in order (the text never changes). */
  events: ClusterEvent[];
  /** What each event did, or why it could not. */
  eventResults: EventResult[];
  /** Pods controllers created that no node can take. */
  pending: PendingPod[];
  /** The cluster after the events: what the graph, the requests and the inspector use. */
  analysis: Analysis;
  /** The Kubernetes schema check, once its (large) module has loaded; null until then. */
  schemas: SchemaCheck | null;
  layout: ClusterLayout;
  edges: ClusterEdge[];
  view: GraphView;
  /** A line the editor should select and scroll to; `nonce` makes a repeated click count again. */
  reveal: { line: number; nonce: number } | null;
  setYaml: (yaml: string) => void;
  loadScenario: (id: string) => void;
  revealLine: (line: number) => void;
  setView: (view: GraphView) => void;
  /** The schemas arrived: check the text against them too. */
  setSchemas: (schemas: SchemaCheck) => void;
}

/** Everything derived from the text, computed once per change (never in a render). */
export function deriveDocument(
  yaml: string,
  fileName: string,
  view: GraphView,
  events: readonly ClusterEvent[],
  schemas: SchemaCheck | null,
) {
  const baseAnalysis = analyzeWith(schemas, [{ name: fileName, text: yaml }]);
  return {
    yaml,
    fileName,
    scenarioId: SCENARIOS.find((s) => s.yaml === yaml)?.id ?? null,
    ...withEvents(baseAnalysis, events, view),
  };
}

/** The cluster after the events, and how it is drawn. */
export function withEvents(baseAnalysis: Analysis, events: readonly ClusterEvent[], view: GraphView) {
  const run = applyEvents(baseAnalysis, events);
  return {
    baseAnalysis,
    events: [...events],
    eventResults: run.results,
    pending: run.pending,
    analysis: run.analysis,
    ...layoutView(view, run.analysis.cluster),
  };
}

export const createDocumentSlice =
  (initial: { yaml: string; fileName: string }): StateCreator<AppState, [], [], DocumentSlice> =>
  (set, get) => ({
    ...deriveDocument(initial.yaml, initial.fileName, "cluster", [], null),
    view: "cluster",
    schemas: null,
    revision: 0,
    reveal: null,
    setYaml: (yaml) => {
      if (yaml === get().yaml) return;
      // Events stay: they are re-played on the new text (one naming a vanished pod says so).
      const document = deriveDocument(yaml, get().fileName, get().view, get().events, get().schemas);
      set({
        ...document,
        ...reselect(document.analysis, get().selected),
        // Keep the user's request while they type, unless its pod is gone (pod names follow the YAML).
        from: keptSource(document.analysis.cluster, get().from),
        sent: null,
        ...get().resetLoad(),
        requestError: null,
      });
    },
    loadScenario: (id) => {
      const scenario = findScenario(id);
      if (!scenario) return;
      const document = deriveDocument(scenario.yaml, scenario.fileName, get().view, [], get().schemas);
      set({
        ...document,
        ...defaultRequest(document.analysis.cluster),
        headers: "",
        method: "GET",
        selected: null,
        selectedExtent: null,
        revision: get().revision + 1,
        reveal: null,
        sent: null,
        ...get().resetLoad(),
        requestError: null,
      });
    },
    revealLine: (line) => set({ reveal: { line, nonce: (get().reveal?.nonce ?? 0) + 1 } }),
    setSchemas: (schemas) => {
      const { yaml, fileName, view, events, selected } = get();
      // Only diagnostics can change: the cluster is the same, so the request and load stay.
      const document = deriveDocument(yaml, fileName, view, events, schemas);
      set({ schemas, ...document, ...reselect(document.analysis, selected) });
    },
    setView: (view) => {
      const { analysis, sent } = get();
      if (view === get().view) return;
      const drawn = layoutView(view, analysis.cluster);
      // The request shown stays; only where its hops are drawn changes.
      set({
        view,
        ...drawn,
        sent: sent ? { ...sent, stops: hopStops(sent.trace, drawn.layout) } : null,
        // Edge counts are per drawn edge: the other view has other edges.
        edgeCounts: {},
      });
    },
  });
