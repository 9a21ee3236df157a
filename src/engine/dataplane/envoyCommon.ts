/**
 * What the Envoy renderers share: the proxy being described, Envoy's cluster names, and the
 * destination lookup the routing code does (route/envoyRoute.ts), so that the text names the very
 * cluster a trace goes to.
 */
import type { GatewayServer } from "../kinds/istioGateway";
import { istioHostMatches } from "../kinds/istioHost";
import type { RouteDestination } from "../kinds/virtualService";
import type { Mesh, MeshDestinationRule, MeshGateway } from "../meshModel";
import type { Cluster, SimPod, SimService, SimServicePort } from "../model";
import { destinationPort, envoyClusterName } from "../route/envoyCluster";
import { destinationRuleFor } from "../route/meshMatch";
import { alignColumns } from "./tabwriter";

/** An Envoy istiod configures: a pod's sidecar, or an ingress gateway pod (a "router" to istiod). */
export interface EnvoyProxy {
  cluster: Cluster;
  mesh: Mesh;
  pod: SimPod;
  role: "sidecar" | "gateway";
  /** The Gateways whose selector picks the pod; empty for a sidecar. */
  gateways: MeshGateway[];
}

/** The routing names clusters; the configuration names the same ones. */
export { envoyClusterName } from "../route/envoyCluster";

export function serviceFqdn(service: SimService, clusterDomain: string): string {
  return `${service.name}.${service.namespace}.svc.${clusterDomain}`;
}

/** The routing decides which ports are HTTP; the configuration shows the same. */
export { isHttpPort } from "../route/envoyRoute";

/** Services Envoy gets routes and endpoints for; ExternalName ones are DNS names, never proxied here. */
export function proxiedServices(cluster: Cluster): SimService[] {
  return cluster.services.filter((s) => s.type !== "ExternalName");
}

export function serviceOfHost(cluster: Cluster, host: string): SimService | undefined {
  const domain = cluster.settings.clusterDomain;
  return cluster.services.find((s) => serviceFqdn(s, domain) === host);
}

/** The DestinationRule this proxy applies to a host: client namespace, Service's, root (semantics 4.4). */
export function ruleFor(
  proxy: EnvoyProxy,
  host: string,
  serviceNamespace: string,
): MeshDestinationRule | null {
  return destinationRuleFor(proxy.mesh, host, proxy.pod.namespace, serviceNamespace);
}

/** A route's destination as Envoy sees it: the cluster name, and why that cluster is missing, if it is. */
export interface DestinationCluster {
  name: string;
  /** Set when the cluster does not exist: Envoy answers 503 NC. */
  missing: string | null;
}

/**
 * The cluster a VirtualService destination names, resolved the way the routing does it
 * (route/envoyCluster.ts). `from` is the Service and port the request was for.
 */
export function destinationCluster(
  proxy: EnvoyProxy,
  destination: Pick<RouteDestination, "host" | "subset" | "port">,
  from: { service: SimService; port: SimServicePort } | null,
): DestinationCluster {
  const target = serviceOfHost(proxy.cluster, destination.host);
  const fallbackPort = destination.port ?? from?.port.port ?? 0;
  if (!target) {
    const entry = proxy.mesh.serviceEntries.some((se) =>
      se.hosts.some((h) => istioHostMatches(h, destination.host)),
    );
    const name = envoyClusterName("outbound", fallbackPort, destination.subset, destination.host);
    return { name, missing: entry ? null : `${destination.host} is neither a Service nor a ServiceEntry` };
  }
  const port = destinationPort(target, destination.port, from);
  const host = serviceFqdn(target, proxy.cluster.settings.clusterDomain);
  const name = envoyClusterName("outbound", port?.port ?? fallbackPort, destination.subset, host);
  if (!port) return { name, missing: `${target.name} has no such port` };
  const subset = destination.subset;
  if (!subset) return { name, missing: null };
  const rule = ruleFor(proxy, host, target.namespace);
  if (rule?.subsets.some((s) => s.name === subset)) return { name, missing: null };
  return {
    name,
    missing: rule
      ? `DestinationRule ${rule.ref.namespace}/${rule.ref.name} has no subset ${subset}`
      : `no DestinationRule for ${host} defines subset ${subset}`,
  };
}

/** Rows aligned like kubectl's tables; plain strings (comments) are kept as they are, in place. */
export function table(rows: readonly (readonly string[] | string)[]): string[] {
  const cells = rows.filter((r): r is readonly string[] => typeof r !== "string");
  const aligned = alignColumns(cells);
  let next = 0;
  return rows.map((r) => (typeof r === "string" ? r : (aligned[next++] ?? "")));
}

/** 7000 -> "7s", 1500 -> "1.5s", 250 -> "250ms": Istio's duration notation. */
export function duration(ms: number): string {
  return ms % 1000 === 0 || ms > 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

export { gatewayPodPort } from "../route/istioGateway";

/** How Envoy serves a Gateway server: HTTP routes, HTTP routes after TLS termination, or TCP/TLS. */
export function gatewayServerKind(server: GatewayServer): "http" | "https" | "tcp" {
  if (["HTTP", "HTTP2", "GRPC"].includes(server.protocol)) return "http";
  const passthrough = server.tlsMode === "PASSTHROUGH" || server.tlsMode === "AUTO_PASSTHROUGH";
  return server.protocol === "HTTPS" && !passthrough ? "https" : "tcp";
}

/**
 * Plain HTTP servers on a port share one route configuration (`http.8080`); each TLS-terminating
 * server gets its own, named after its port, port name and Gateway (gateway.go).
 */
export function gatewayRouteName(gateway: MeshGateway, server: GatewayServer): string {
  if (gatewayServerKind(server) === "http") return `http.${server.port}`;
  const { ref } = gateway;
  return `https.${server.port}.${server.portName ?? "https"}.${ref.name}.${ref.namespace}`;
}
