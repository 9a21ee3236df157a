import { serviceOfFqdn } from "../engine/kinds/istioHost";
import type { Cluster, SimService } from "../engine/model";
import { selectorMatches } from "../engine/reconcile/buildEndpoints";
import { type ClusterEdge, serviceEndpointEdges } from "./clusterEdges";
import { CLIENT_ID, edgeId, type GraphId, loadBalancerId, podId, serviceId } from "./graphIds";

/**
 * The Traffic view's wiring, the way a request flows: client -> cloud load balancer -> the
 * Service behind it -> its pods; an ingress controller or gateway pod -> the Services its rules
 * route to; every Service -> its endpoint pods. Read off the reconciled model (nginx servers,
 * VirtualServices bound to Gateways), never re-derived from YAML.
 */
export function trafficEdges(cluster: Cluster): ClusterEdge[] {
  const edges: ClusterEdge[] = [];
  const seen = new Set<string>();
  const add = (kind: ClusterEdge["kind"], source: GraphId, target: GraphId) => {
    const id = edgeId(source, target);
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ id, kind, source, target, ready: true });
  };
  const services = new Map(cluster.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  for (const service of cluster.services) {
    if (service.type !== "LoadBalancer") continue;
    const lb = loadBalancerId(service.key);
    add("entry", CLIENT_ID, lb);
    add("balance", lb, serviceId(service.key));
  }
  for (const [source, service] of routeTargets(cluster, services))
    add("route", source, serviceId(service.key));
  edges.push(...serviceEndpointEdges(cluster).filter((e) => !seen.has(e.id)));
  return edges;
}

function* routeTargets(
  cluster: Cluster,
  services: Map<string, SimService>,
): Generator<[GraphId, SimService]> {
  const { ingress, mesh } = cluster;
  if (ingress) {
    const { controller } = ingress;
    const controllers = cluster.pods.filter(
      (p) => p.namespace === controller.namespace && selectorMatches(controller.podLabels, p.labels),
    );
    for (const server of ingress.servers) {
      for (const location of server.locations) {
        const backends = [location.backend, location.canary?.backend].filter((b) => b?.kind === "service");
        for (const backend of backends) {
          if (backend?.kind !== "service") continue;
          const service = services.get(`${location.ingress.namespace}/${backend.name}`);
          if (service) for (const pod of controllers) yield [podId(pod.key), service];
        }
      }
    }
  }
  if (mesh) {
    for (const vs of mesh.virtualServices) {
      const gateways = mesh.gateways.filter((g) => vs.gateways.includes(`${g.ref.namespace}/${g.ref.name}`));
      const pods = cluster.pods.filter((p) => gateways.some((g) => selectorMatches(g.selector, p.labels)));
      for (const route of vs.http) {
        for (const destination of route.route) {
          const ref = serviceOfFqdn(destination.host, cluster.settings.clusterDomain);
          const service = ref ? services.get(`${ref.namespace}/${ref.name}`) : undefined;
          if (service) for (const pod of pods) yield [podId(pod.key), service];
        }
      }
    }
  }
}
