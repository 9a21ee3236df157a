import type { SimEndpoint, SimPod } from "../model";
import type { FieldPath } from "../parse/positions";
import type { Destination, Hop, HopSource, Trace } from "../traceTypes";
import { isControllerPod, routeIngressNginx } from "./ingressNginx";
import { routeIstioGateway } from "./istioGateway";
import { LATENCY_MS, responseTimeOf, seconds } from "./latency";
import { inboundSidecar } from "./meshInbound";
import { gatewaysOf } from "./meshPolicy";
import type { TraceBuilder } from "./traceBuilder";

/** Field path of a pod's container port, in a Pod or in a controller's pod template. */
function containerPortPath(pod: SimPod, container: number, port?: number): FieldPath {
  const base: FieldPath = pod.sourceKind === "Pod" ? ["spec"] : ["spec", "template", "spec"];
  return port === undefined
    ? [...base, "containers", container]
    : [...base, "containers", container, "ports", port, "containerPort"];
}

/**
 * The pod's hop, written out rather than spread from a shared object: `{ ...hop, explanation }`
 * takes V8 about a microsecond, a fifth of a request in a traffic run.
 */
function podHop(pod: SimPod, address: string, source: HopSource | undefined, explanation: string): Hop {
  return {
    kind: "pod",
    name: pod.name,
    namespace: pod.namespace,
    address,
    nodeName: pod.nodeName,
    delayMs: LATENCY_MS.pod,
    source,
    explanation,
  };
}

/** The first container that declares `port` over TCP, and the index of that port in it. */
function listenerOf(pod: SimPod, port: number): { container: number; port: number } | null {
  for (let c = 0; c < pod.containers.length; c++) {
    const ports = pod.containers[c]?.ports ?? [];
    for (let p = 0; p < ports.length; p++) {
      if (ports[p]?.containerPort === port && ports[p]?.protocol === "TCP") return { container: c, port: p };
    }
  }
  return null;
}

/** Whether the pod's own containers declare ports (the injected istio-proxy's are not the app's). */
function declaresPorts(pod: SimPod): boolean {
  const app = pod.sidecar ? pod.containers.slice(0, -1) : pod.containers;
  return app.some((c) => c.ports.length > 0);
}

/**
 * Whether something in the pod takes a connection on the port: a container declares it, or the
 * pod declares no ports at all (the simulation does not guess which undeclared port is open).
 */
export function listensOn(pod: SimPod, port: number): boolean {
  return listenerOf(pod, port) !== null || !declaresPorts(pod);
}

export interface Arrival {
  endpoint: Pick<SimEndpoint, "ip" | "port" | "podKey">;
  /** The node the packet is on now (the one whose kube-proxy DNATed it, or the caller's). */
  fromNode: string | null;
  /** The source address the pod will see, and why. */
  seenFrom: string;
  /** The path the container receives when a proxy rewrote it (ingress-nginx rewrite-target). */
  path?: string;
  /** The connection is mutual TLS from a mesh proxy (else plaintext). */
  mtls?: boolean;
  /** The request headers after a proxy changed them (VirtualService header operations). */
  headers?: Record<string, string>;
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
  const podSource = index.sourceOf(pod.sourceKind, pod.namespace, pod.sourceName);
  const listener = listenerOf(pod, endpoint.port);
  let containerIndex = listener ? listener.container : -1;
  const portIndex = listener ? listener.port : -1;
  if (containerIndex < 0 && declaresPorts(pod)) {
    const exposed = pod.containers.flatMap((c) => c.ports.map((p) => p.containerPort)).join(", ");
    tb.hop(
      podHop(
        pod,
        address,
        podSource,
        `Pod ${pod.name} (${owner}) gets the connection on port ${endpoint.port}, but no container declares that port (they declare ${exposed}), so it is refused.`,
      ),
    );
    return tb.fail("connection-refused");
  }
  if (containerIndex < 0) containerIndex = 0;
  const container = pod.containers[containerIndex];
  tb.hop(
    podHop(
      pod,
      address,
      podSource,
      `Pod ${pod.name} (${owner}) on ${pod.nodeName} receives the connection on ${address}; it sees it coming from ${arrival.seenFrom}.`,
    ),
  );
  if (!container) return tb.fail("connection-refused");
  // An ingress controller pod does not answer itself: nginx in it routes the request on.
  const ingress = index.cluster.ingress;
  if (ingress && isControllerPod(ingress, pod)) return routeIngressNginx(tb, ingress, pod, endpoint.port);
  const mesh = index.cluster.mesh;
  if (mesh && !pod.sidecar && gatewaysOf(mesh, pod).length > 0)
    return routeIstioGateway(tb, mesh, pod, endpoint.port);
  if (mesh && pod.sidecar) {
    const refused = inboundSidecar(tb, mesh, pod, endpoint.port, arrival.mtls === true);
    if (refused) return refused;
  }
  tb.hop({
    kind: "container",
    name: container.name,
    namespace: pod.namespace,
    address,
    nodeName: pod.nodeName,
    explanation:
      (portIndex >= 0
        ? `Container ${container.name} (${container.image}) listens on port ${endpoint.port} (containerPort) and answers ${request.method} ${arrival.path ?? request.path}.`
        : `No container of ${pod.name} declares ports; the simulation assumes ${container.name} listens on ${endpoint.port}.`) +
      (pod.responseTimeMs !== null
        ? ` It takes ${seconds(pod.responseTimeMs)} to answer (annotation hopscope.dev/response-time).`
        : ""),
    delayMs: responseTimeOf(pod),
    source: index.sourceOf(
      pod.sourceKind,
      pod.namespace,
      pod.sourceName,
      containerPortPath(pod, containerIndex, portIndex >= 0 ? portIndex : undefined),
    ),
  });
  const destination: Destination = {
    namespace: pod.namespace,
    pod: pod.name,
    workload: pod.workload,
    container: container.name,
    port: endpoint.port,
    path: arrival.path ?? request.path,
    labels: pod.labels,
  };
  // Assigned, not spread: only requests a proxy changed carry headers (see podHop on spreads).
  if (arrival.headers) destination.headers = arrival.headers;
  return tb.deliver(destination);
}
