import "@xyflow/react/dist/style.css";
import {
  Background,
  Controls,
  type EdgeTypes,
  MiniMap,
  type NodeTypes,
  ReactFlow,
  useReactFlow,
} from "@xyflow/react";
import { useEffect, useMemo } from "react";
import { pathHighlight } from "../../playback/pathHighlight";
import { useApp } from "../../state/appStore";
import {
  selectCluster,
  selectEdgeCounts,
  selectEdges,
  selectLayout,
  selectPlayhead,
  selectSelect,
  selectSelected,
  selectSent,
} from "../../state/selectors";
import { ClientCard } from "./ClientCard";
import { boxObject, type GraphFocus, toFlowEdges, toFlowNodes } from "./flowElements";
import { GraphLegend } from "./GraphLegend";
import { GraphToolbar } from "./GraphToolbar";
import { LoadBalancerCard } from "./LoadBalancerCard";
import { NodeRegion } from "./NodeRegion";
import { PacketLayer } from "./PacketLayer";
import { PodCard } from "./PodCard";
import { ServiceCard } from "./ServiceCard";
import { TrailEdge } from "./TrailEdge";
import { TravellingDot } from "./TravellingDot";

// Module scope: React Flow remounts every node when these objects change identity.
const nodeTypes = {
  client: ClientCard,
  loadBalancer: LoadBalancerCard,
  service: ServiceCard,
  region: NodeRegion,
  pod: PodCard,
} satisfies NodeTypes;
const edgeTypes = { trail: TrailEdge } satisfies EdgeTypes;
const FIT = { padding: 0.08 };

/** The cluster as the engine reconciled it, with the last request's path drawn over it. */
export function ClusterGraph() {
  const layout = useApp(selectLayout);
  const clusterEdges = useApp(selectEdges);
  const cluster = useApp(selectCluster);
  const sent = useApp(selectSent);
  const playhead = useApp(selectPlayhead);
  const selected = useApp(selectSelected);
  const select = useApp(selectSelect);

  const focus = useMemo((): GraphFocus | null => {
    if (!sent) return null;
    const highlight = pathHighlight(sent.stops, sent.trace.outcome, playhead);
    const at = sent.stops.slice(0, playhead + 1).findLast((s) => s !== null)?.id ?? null;
    const start = sent.stops.find((s) => s !== null)?.id ?? null;
    return { highlight, hop: sent.trace.hops[playhead] ?? null, at, start };
  }, [sent, playhead]);
  const nodes = useMemo(
    () => toFlowNodes(layout, cluster, focus, selected),
    [layout, cluster, focus, selected],
  );
  const boxes = useMemo(() => new Map(layout.boxes.map((b) => [b.id as string, b])), [layout]);
  const inspect = (id: string | undefined) => {
    const box = id ? boxes.get(id) : undefined;
    if (box) select(boxObject(box));
  };
  const edgeCounts = useApp(selectEdgeCounts);
  const edges = useMemo(
    () => toFlowEdges(clusterEdges, focus, edgeCounts),
    [clusterEdges, focus, edgeCounts],
  );

  return (
    // Enter on a focused object inspects it (React Flow makes every object a Tab stop).
    // biome-ignore lint/a11y/noStaticElementInteractions: the keys come from the focusable objects inside
    <div
      className="graph"
      onKeyDown={(event) => {
        if (event.key !== "Enter") return;
        const node = (event.target as HTMLElement).closest<HTMLElement>(".react-flow__node");
        if (node) inspect(node.dataset.id);
      }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        fitView
        fitViewOptions={FIT}
        minZoom={0.2}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable
        // Space plays and pauses the request; panning is by dragging.
        panActivationKeyCode={null}
        onNodeClick={(_, node) => inspect(node.id)}
        onPaneClick={() => select(null)}
        colorMode="system"
      >
        <Background gap={24} size={1.4} />
        <Controls showInteractive={false} position="top-right" />
        <GraphToolbar />
        <GraphLegend />
        <MiniMap pannable zoomable position="bottom-right" ariaLabel="Minimap" className="minimap" />
        <TravellingDot />
        <PacketLayer />
        <FitOnNewLayout layout={layout} />
      </ReactFlow>
    </div>
  );
}

/** A new manifest can change the picture's size: fit it again (typing inside one object rarely does). */
function FitOnNewLayout({ layout }: { layout: { width: number; height: number } }) {
  const { fitView } = useReactFlow();
  const { width, height } = layout;
  useEffect(() => {
    if (width > 0 && height > 0) void fitView(FIT);
  }, [fitView, width, height]);
  return null;
}
