import { objectKey } from "../engine/model";
import type { Hop, Trace } from "../engine/traceTypes";
import { CLIENT_ID, type GraphId, loadBalancerId, nodeId, podId, serviceId } from "./graphIds";
import { type Box, type ClusterLayout, SIZE } from "./layoutCluster";

/** Where a hop happens on the canvas: the drawn thing and the point the travelling dot stops at. */
export interface Stop {
  id: GraphId;
  x: number;
  y: number;
}

type Anchor = "icon" | "kube-proxy" | "container";

/**
 * One stop per hop, null when the hop has nothing drawn (cluster DNS, the world outside). Only looks
 * the hop's object up by kind, namespace and name: which object a hop is, the engine already decided.
 */
export function hopStops(trace: Trace, layout: ClusterLayout): (Stop | null)[] {
  const boxes = new Map(layout.boxes.map((b) => [b.id, b]));
  let lastPod: GraphId | null = null;
  return trace.hops.map((hop) => {
    const target = targetOf(hop, lastPod);
    if (hop.kind === "pod" || (hop.kind === "client" && target?.id !== CLIENT_ID))
      lastPod = target?.id ?? null;
    const box = target ? boxes.get(target.id) : undefined;
    return box && target ? { id: box.id, ...anchorPoint(box, target.anchor) } : null;
  });
}

function targetOf(hop: Hop, lastPod: GraphId | null): { id: GraphId; anchor: Anchor } | null {
  const ns = hop.namespace ?? "";
  switch (hop.kind) {
    case "client":
      // A client hop with a namespace is a pod sending; without one it is the outside client.
      return { id: hop.namespace ? podId(objectKey(ns, "Pod", hop.name)) : CLIENT_ID, anchor: "icon" };
    case "load-balancer":
      return { id: loadBalancerId(objectKey(ns, "Service", hop.name)), anchor: "icon" };
    case "service":
      return { id: serviceId(objectKey(ns, "Service", hop.name)), anchor: "icon" };
    case "node":
      return { id: nodeId(hop.name), anchor: "icon" };
    case "kube-proxy":
      return hop.nodeName ? { id: nodeId(hop.nodeName), anchor: "kube-proxy" } : null;
    case "pod":
      return { id: podId(objectKey(ns, "Pod", hop.name)), anchor: "icon" };
    case "gateway":
    case "ingress-controller":
      // nginx (or a gateway's Envoy) runs in the pod the previous hop reached; its container decides.
      return { id: podId(objectKey(ns, "Pod", hop.name)), anchor: "container" };
    case "container":
    case "sidecar":
      // The engine names the container, not its pod: it runs in the pod the previous hop reached.
      return lastPod ? { id: lastPod, anchor: "container" } : null;
    default:
      return null;
  }
}

function anchorPoint(box: Box, anchor: Anchor): { x: number; y: number } {
  const { iconCentre, kubeProxyChip, containerRow } = SIZE;
  switch (anchor) {
    case "kube-proxy":
      return { x: box.x + box.width - kubeProxyChip.right - kubeProxyChip.width / 2, y: box.y + iconCentre };
    case "container":
      return { x: box.x + iconCentre, y: box.y + box.height - containerRow };
    default:
      return { x: box.x + iconCentre, y: box.y + iconCentre };
  }
}
