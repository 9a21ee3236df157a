import type { Cluster, SimService } from "../engine/model";
import { CATCH_ALL } from "../engine/reconcile/buildIngressNginx";

/** The engine's name for a client outside the cluster (`RequestSpec.from`). */
export const EXTERNAL = "external";

export interface RequestDraft {
  /** `external` or `namespace/pod`. */
  from: string;
  url: string;
}

/**
 * A request worth sending for a freshly loaded manifest, aimed at its first Service. Addresses are
 * read from what the engine reconciled (load balancer IPs, node ports); nothing is routed here.
 */
export function defaultRequest(cluster: Cluster): RequestDraft {
  const throughEntry = ingressRequest(cluster) ?? gatewayRequest(cluster);
  if (throughEntry) return throughEntry;
  const service = cluster.services.find((s) => s.ports.length > 0);
  const port = service?.ports[0];
  if (!service || !port) return { from: firstPod(cluster, null), url: "http://my-service/" };

  const balancer = service.type === "LoadBalancer" ? service.loadBalancerIPs[0] : undefined;
  if (balancer) return { from: EXTERNAL, url: `http://${balancer}:${port.port}/` };
  const node = cluster.nodes[0];
  if (service.type === "NodePort" && port.nodePort !== null && node) {
    return { from: EXTERNAL, url: `http://${node.externalIP ?? node.internalIP}:${port.nodePort}/` };
  }
  const from = firstPod(cluster, service);
  const sameNamespace = from === EXTERNAL || from.startsWith(`${service.namespace}/`);
  const host = sameNamespace ? service.name : `${service.name}.${service.namespace}`;
  return { from, url: `http://${host}:${port.port}/` };
}

/**
 * With Ingresses, the interesting request comes from outside, by name: the first named host the
 * controller serves (a wildcard filled in, the catch-all as example.com) and its first literal path.
 */
function ingressRequest(cluster: Cluster): RequestDraft | null {
  const servers = cluster.ingress?.servers ?? [];
  const server = servers.find((s) => s.locations.some((l) => !l.isDefaultBackend)) ?? servers[0];
  if (!server) return null;
  const host =
    server.hostname === CATCH_ALL
      ? "example.com"
      : server.hostname.startsWith("*.")
        ? `www${server.hostname.slice(1)}`
        : server.hostname;
  const location = server.locations.find((l) => !l.isDefaultBackend && l.match !== "regex");
  const scheme = server.tls ? "https" : "http";
  return { from: EXTERNAL, url: `${scheme}://${host}${location?.ingressPath ?? "/"}` };
}

/** With an Istio Gateway: from outside, to the first literal path a VirtualService bound to it routes. */
function gatewayRequest(cluster: Cluster): RequestDraft | null {
  const gateway = cluster.mesh?.gateways[0];
  if (!gateway) return null;
  const ref = `${gateway.ref.namespace}/${gateway.ref.name}`;
  const bound = cluster.mesh?.virtualServices.find((vs) => vs.gateways.includes(ref));
  const uri = bound?.http[0]?.match[0]?.uri;
  const path = uri && "exact" in uri ? uri.exact : uri && "prefix" in uri ? uri.prefix : "/";
  const named = gateway.servers.flatMap((s) => s.hosts).find((h) => h !== "*" && !h.startsWith("*."));
  return { from: EXTERNAL, url: `http://${named ?? "example.com"}${path}` };
}

/** The first pod that is not behind the Service: a caller, not one of the servers. */
function firstPod(cluster: Cluster, service: SimService | null): string {
  const servers = new Set(
    (service ? (cluster.endpoints[service.key] ?? []) : []).flatMap((p) => p.endpoints.map((e) => e.podKey)),
  );
  const pod = cluster.pods.find((p) => !servers.has(p.key)) ?? cluster.pods[0];
  return pod ? `${pod.namespace}/${pod.name}` : EXTERNAL;
}

/** The request's source after the cluster changed: kept while it exists, else the default one. */
export function keptSource(cluster: Cluster, from: string): string {
  // A workload (a preset's source) counts too: the engine sends from its first pod.
  const exists =
    from === EXTERNAL ||
    cluster.pods.some((p) => `${p.namespace}/${p.name}` === from || `${p.namespace}/${p.workload}` === from);
  return exists ? from : defaultRequest(cluster).from;
}
