import type { GatewayServer } from "../kinds/istioGateway";
import { istioHostMatches } from "../kinds/istioHost";
import type { Mesh, MeshGateway, MeshVirtualService } from "../meshModel";
import type { Cluster, SimPod } from "../model";
import { resolveTargetPort } from "../reconcile/buildEndpoints";
import type { Trace } from "../traceTypes";
import type { ClusterIndex } from "./clusterIndex";
import { serviceOfHost } from "./envoyCluster";
import { routeContext, routeThroughEnvoy } from "./envoyRoute";
import { LATENCY_MS } from "./latency";
import { firstRoute, virtualServicesWithHost, visibleFrom } from "./meshMatch";
import { gatewaysOf } from "./meshPolicy";
import type { TraceBuilder } from "./traceBuilder";

/**
 * A Gateway server's port is a pod port, unless it equals the port of a Service that selects the
 * gateway pods: then it means that Service's targetPort (semantics 4.5).
 */
export function gatewayPodPort(cluster: Cluster, pod: SimPod, server: GatewayServer): number {
  for (const service of cluster.services) {
    if (service.namespace !== pod.namespace || !service.selector) continue;
    if (!Object.entries(service.selector).every(([k, v]) => pod.labels[k] === v)) continue;
    const port = service.ports.find((p) => p.port === server.port);
    const target = port ? resolveTargetPort(pod, port) : null;
    if (target !== null) return target;
  }
  return server.port;
}

function gatewayHop(
  tb: TraceBuilder,
  pod: SimPod,
  port: number,
  explanation: string,
  gateway?: MeshGateway,
): void {
  tb.hop({
    kind: "gateway",
    name: pod.name,
    namespace: pod.namespace,
    address: `${pod.ip}:${port}`,
    nodeName: pod.nodeName,
    explanation,
    delayMs: LATENCY_MS.pod,
    ...(gateway
      ? { source: tb.index.sourceOf("Gateway", gateway.ref.namespace, gateway.ref.name, ["spec", "servers"]) }
      : {}),
  });
}

interface Listening {
  gateway: MeshGateway;
  server: GatewayServer;
}

/**
 * The Gateway servers a gateway pod listens with on a pod port, per cluster, pod and port: fixed
 * for an analysis, and finding them reads every Service, too slow to repeat for every request.
 */
const listeningByIndex = new WeakMap<ClusterIndex, Map<SimPod, Map<number, Listening[]>>>();

function listeningOn(index: ClusterIndex, mesh: Mesh, pod: SimPod, port: number): Listening[] {
  let byPod = listeningByIndex.get(index);
  if (!byPod) {
    byPod = new Map();
    listeningByIndex.set(index, byPod);
  }
  let byPort = byPod.get(pod);
  if (!byPort) {
    byPort = new Map();
    byPod.set(pod, byPort);
  }
  let listening = byPort.get(port);
  if (!listening) {
    listening = gatewaysOf(mesh, pod).flatMap((gateway) =>
      gateway.servers
        .filter((s) => gatewayPodPort(index.cluster, pod, s) === port)
        .map((server) => ({ gateway, server })),
    );
    byPort.set(port, listening);
  }
  return listening;
}

/**
 * Envoy in an ingress gateway pod: the Gateway server for this port and Host, then the routes of
 * the VirtualServices bound to that Gateway (merged, in order; no match is 404 NR).
 */
export function routeIstioGateway(tb: TraceBuilder, mesh: Mesh, pod: SimPod, port: number): Trace {
  const { request } = tb;
  const host = (request.headers.host ?? request.host).replace(/:\d+$/, "").toLowerCase();
  const listening = listeningOn(tb.index, mesh, pod, port);
  const bound = listening.find(({ server }) => server.hosts.some((h) => istioHostMatches(h, host)));
  if (!bound) {
    gatewayHop(
      tb,
      pod,
      port,
      listening.length === 0
        ? `No Gateway selecting ${pod.name} has a server on port ${port}, so nothing listens there: the connection is refused.`
        : `Gateway servers on port ${port} accept ${listening.flatMap((l) => l.server.hosts).join(", ")}, not ${host}: Envoy answers 404.`,
    );
    return listening.length === 0 ? tb.fail("connection-refused") : tb.fail("not-found", 404);
  }
  const { gateway, server } = bound;
  const ref = `${gateway.ref.namespace}/${gateway.ref.name}`;
  const serverText = `Gateway ${gateway.ref.name} server ${server.index + 1} (port ${server.port} ${server.protocol}, hosts ${server.hosts.join(", ")})`;
  if (server.httpsRedirect && request.scheme === "http") {
    gatewayHop(
      tb,
      pod,
      port,
      `${serverText} has tls.httpsRedirect: Envoy answers 301 to https://${host}${request.path}.`,
      gateway,
    );
    return tb.fail("redirect", 301);
  }
  const ctx = routeContext(tb, { proxy: pod, gateway: ref }, port);
  for (const vs of gatewayVirtualHost(virtualServicesWithHost(mesh, host), ref, pod.namespace, host)) {
    const hit = firstRoute(vs, ctx);
    if (!hit) continue;
    const destination = hit.route.route[0];
    const service = destination ? serviceOfHost(tb.index, destination.host) : undefined;
    const servicePort = service?.ports.find((p) => p.port === destination?.port) ?? service?.ports[0];
    const why = `VirtualService ${vs.ref.name} route ${hit.route.index + 1} (bound to ${ref})`;
    const taken = `${serverText} takes ${host}; ${why} matches ${ctx.path}`;
    const { redirect, directResponse } = hit.route;
    if (redirect) {
      const to = `${redirect.authority ?? host}${redirect.uri ?? ctx.path}`;
      gatewayHop(tb, pod, port, `${taken} and redirects with ${redirect.code} to ${to}.`, gateway);
      return tb.fail("redirect", redirect.code);
    }
    if (directResponse) {
      gatewayHop(
        tb,
        pod,
        port,
        `${taken} and answers ${directResponse.status} itself (directResponse).`,
        gateway,
      );
      return tb.fail("fault", directResponse.status);
    }
    gatewayHop(tb, pod, port, `${taken}.`, gateway);
    if (!service || !servicePort) {
      gatewayHop(
        tb,
        pod,
        port,
        `${why} → ${destination?.host ?? "nothing"}, which is not a Service of the mesh: 503 (NC).`,
        gateway,
      );
      return tb.fail("no-cluster", 503);
    }
    return routeThroughEnvoy(tb, {
      mesh,
      proxy: pod,
      gateway: ref,
      service,
      port: servicePort,
      chosen: { vs, route: hit.route, why },
    });
  }
  gatewayHop(
    tb,
    pod,
    port,
    `${serverText} takes ${host}, but no route of a VirtualService bound to ${ref} matches ${ctx.path}: Envoy answers 404 (NR).`,
    gateway,
  );
  return tb.fail("not-found", 404);
}

/** How specific a host pattern is for Envoy's virtual host choice: exact, then longer wildcards. */
function specificity(pattern: string, host: string): number {
  if (!istioHostMatches(pattern, host)) return -1;
  if (pattern === "*") return 0;
  return pattern.startsWith("*.") ? pattern.length : 10_000 + pattern.length;
}

/**
 * The VirtualServices whose routes a gateway uses for a Host: Envoy picks one virtual host, the
 * most specific domain, and uses only its routes (gateway VirtualServices with the same host are
 * merged, oldest first). Only those bound to the Gateway and exported to its namespace count.
 */
function gatewayVirtualHost(
  candidates: readonly MeshVirtualService[],
  ref: string,
  namespace: string,
  host: string,
): MeshVirtualService[] {
  const scored = candidates
    .filter((vs) => vs.gateways.includes(ref) && visibleFrom(vs, namespace))
    .map((vs) => ({ vs, score: Math.max(...vs.hosts.map((h) => specificity(h, host))) }));
  const best = Math.max(-1, ...scored.map((s) => s.score));
  return scored.filter((s) => s.score === best && best >= 0).map((s) => s.vs);
}
