import type { SimEndpoint, SimPod } from "../model";
import type { FieldPath } from "../parse/positions";
import type { Trace } from "../traceTypes";
import { LATENCY_MS } from "./latency";
import type { TraceBuilder } from "./traceBuilder";

/** Field path of a pod's container port, in a Pod or in a controller's pod template. */
function containerPortPath(pod: SimPod, container: number, port?: number): FieldPath {
  const base: FieldPath = pod.sourceKind === "Pod" ? ["spec"] : ["spec", "template", "spec"];
  return port === undefined
    ? [...base, "containers", container]
    : [...base, "containers", container, "ports", port, "containerPort"];
}

export interface Arrival {
  endpoint: Pick<SimEndpoint, "ip" | "port" | "podKey">;
  /** The node the packet is on now (the one whose kube-proxy DNATed it, or the caller's). */
  fromNode: string | null;
  /** The source address the pod will see, and why. */
  seenFrom: string;
}

/**
 * The last stretch: across the pod network to the pod's node, into the pod, to the container
 * that listens on the port. A port no container declares is refused (the simulation does not
 * guess that an undeclared port is open, unless the pod declares no ports at all).
 */
export function deliver(tb: TraceBuilder, arrival: Arrival): Trace {
  const { index, request } = tb;
  const { endpoint } = arrival;
  const pod = endpoint.podKey ? index.podByKey.get(endpoint.podKey) : index.podByIP.get(endpoint.ip);
  const address = `${endpoint.ip}:${endpoint.port}`;
  if (!pod) {
    tb.hop({
      kind: "external",
      name: endpoint.ip,
      address,
      explanation: `${address} is not a pod of this cluster, so the packet leaves for that address; what answers there is outside the simulation.`,
    });
    return tb.fail("external");
  }
  const node = index.nodeByName.get(pod.nodeName);
  if (arrival.fromNode !== pod.nodeName && node) {
    tb.hop({
      kind: "node",
      name: node.name,
      address: node.internalIP,
      nodeName: node.name,
      explanation: `The pod network routes ${endpoint.ip} to ${node.name}, which owns pod CIDR ${node.podCIDR}.`,
      delayMs: LATENCY_MS.crossNode,
      ...(node.source ? { source: index.sourceOf("Node", "", node.name, ["status", "addresses"]) } : {}),
    });
  }
  const owner = pod.owner
    ? `${pod.owner.kind === "ReplicaSet" && pod.workload !== pod.owner.name ? "Deployment" : pod.owner.kind} ${pod.workload}`
    : "a bare Pod";
  const podHop = {
    kind: "pod" as const,
    name: pod.name,
    namespace: pod.namespace,
    address,
    nodeName: pod.nodeName,
    delayMs: LATENCY_MS.pod,
    source: index.sourceOf(pod.sourceKind, pod.namespace, pod.sourceName),
  };
  const declared = pod.containers.some((c) => c.ports.length > 0);
  let containerIndex = -1;
  let portIndex = -1;
  pod.containers.forEach((c, ci) => {
    const pi = c.ports.findIndex((p) => p.containerPort === endpoint.port && p.protocol === "TCP");
    if (pi >= 0 && containerIndex < 0) {
      containerIndex = ci;
      portIndex = pi;
    }
  });
  if (containerIndex < 0 && declared) {
    const exposed = pod.containers.flatMap((c) => c.ports.map((p) => p.containerPort)).join(", ");
    tb.hop({
      ...podHop,
      explanation: `Pod ${pod.name} (${owner}) gets the connection on port ${endpoint.port}, but no container declares that port (they declare ${exposed}), so it is refused.`,
    });
    return tb.fail("connection-refused");
  }
  if (containerIndex < 0) containerIndex = 0;
  const container = pod.containers[containerIndex];
  tb.hop({
    ...podHop,
    explanation: `Pod ${pod.name} (${owner}) on ${pod.nodeName} receives the connection on ${address}; it sees it coming from ${arrival.seenFrom}.`,
  });
  if (!container) return tb.fail("connection-refused");
  tb.hop({
    kind: "container",
    name: container.name,
    namespace: pod.namespace,
    address,
    nodeName: pod.nodeName,
    explanation:
      portIndex >= 0
        ? `Container ${container.name} (${container.image}) listens on port ${endpoint.port} (containerPort) and answers ${request.method} ${request.path}.`
        : `No container of ${pod.name} declares ports; the simulation assumes ${container.name} listens on ${endpoint.port}.`,
    delayMs: LATENCY_MS.app,
    source: index.sourceOf(
      pod.sourceKind,
      pod.namespace,
      pod.sourceName,
      containerPortPath(pod, containerIndex, portIndex >= 0 ? portIndex : undefined),
    ),
  });
  return tb.deliver({
    namespace: pod.namespace,
    pod: pod.name,
    workload: pod.workload,
    container: container.name,
    port: endpoint.port,
    path: request.path,
    labels: pod.labels,
  });
}
