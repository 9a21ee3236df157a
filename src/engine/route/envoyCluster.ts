/**
 * Which Envoy cluster a VirtualService destination (or mirror) names, as istiod resolves it
 * (route.go GetDestinationCluster): the routing and the Envoy text both ask here.
 */
import type { SimService, SimServicePort } from "../model";
import type { ClusterIndex } from "./clusterIndex";

/** Istio's cluster names: `outbound|9080|v1|reviews.default.svc.cluster.local`, `inbound|9080||`. */
export function envoyClusterName(
  direction: "outbound" | "inbound",
  port: number,
  subset: string | null,
  host: string,
): string {
  return `${direction}|${port}|${subset ?? ""}|${host}`;
}

/** The Service a fully qualified host (`name.namespace.svc.<domain>`) names, if any. */
export function serviceOfHost(index: Pick<ClusterIndex, "cluster" | "serviceByName">, host: string) {
  const suffix = `.svc.${index.cluster.settings.clusterDomain}`;
  if (!host.endsWith(suffix)) return undefined;
  const [name, namespace] = host.slice(0, -suffix.length).split(".");
  return name && namespace ? index.serviceByName.get(`${namespace}/${name}`) : undefined;
}

/**
 * The port of `target` a destination sends to: the one it names (none: that cluster does not
 * exist), else the port the request came in on when it stays on that Service, else the Service's
 * only port, else the same port number.
 */
export function destinationPort(
  target: SimService,
  port: number | null,
  from: { service: SimService; port: SimServicePort } | null,
): SimServicePort | undefined {
  if (port) return target.ports.find((p) => p.port === port);
  if (from && target === from.service) return from.port;
  if (target.ports.length === 1) return target.ports[0];
  return target.ports.find((p) => p.port === from?.port.port);
}
