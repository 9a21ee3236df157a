import { istioHostMatches } from "../kinds/istioHost";
import type { SimService } from "../model";
import type { ClusterIndex } from "./clusterIndex";
import { claimingServer, hasCatchAll } from "./nginxMatch";
import { RequestError } from "./request";
import type { TraceBuilder } from "./traceBuilder";

export interface PublicEntry {
  service: SimService;
  /** The address public DNS answers with: the load balancer's, else a node's external address. */
  ip: string;
  why: string;
}

/**
 * Answers already given, per cluster, `via` and host: the answer depends on nothing else, and a
 * traffic run asks for it with every request. A refused `via` throws every time and is not kept.
 */
const entries = new WeakMap<ClusterIndex, Map<string | null, Map<string, PublicEntry | null>>>();

/**
 * What public DNS answers for a name outside the cluster: as if it pointed the name at the
 * cluster's entry point that claims it (an Ingress host). With one entry point every name
 * resolves to it; `via` chooses where several could take it.
 */
export function publicEntry(tb: TraceBuilder): PublicEntry | null {
  const { index, request } = tb;
  let byVia = entries.get(index);
  if (!byVia) {
    byVia = new Map();
    entries.set(index, byVia);
  }
  let byHost = byVia.get(request.via);
  if (!byHost) {
    byHost = new Map();
    byVia.set(request.via, byHost);
  }
  let entry = byHost.get(request.host);
  if (entry === undefined) {
    entry = findPublicEntry(index, request.host, request.via);
    byHost.set(request.host, entry);
  }
  return entry;
}

function findPublicEntry(index: ClusterIndex, name: string, via: string | null): PublicEntry | null {
  const ingress = index.cluster.ingress;
  const candidates: { service: SimService; claims: string | null }[] = [];
  if (ingress) {
    const { controller } = ingress;
    const service = index.serviceByName.get(`${controller.namespace}/${controller.serviceName}`);
    const claim = claimingServer(ingress.servers, name);
    if (service) {
      candidates.push({
        service,
        claims: claim
          ? `an Ingress host ${claim.hostname}`
          : hasCatchAll(ingress.servers)
            ? "a rule without host"
            : null,
      });
    }
  }
  const mesh = index.cluster.mesh;
  for (const gateway of mesh?.gateways ?? []) {
    // The LoadBalancer (or NodePort) Services in front of the pods this Gateway selects.
    const selects = (labels: Record<string, string>) =>
      Object.entries(gateway.selector).every(([k, v]) => labels[k] === v);
    const fronts = index.cluster.services.filter(
      (s) =>
        (s.type === "LoadBalancer" || s.type === "NodePort") &&
        s.selector !== null &&
        index.cluster.pods.some(
          (p) => p.namespace === s.namespace && selects(p.labels) && selects({ ...p.labels, ...s.selector }),
        ),
    );
    const host = gateway.servers.flatMap((s) => s.hosts).find((h) => istioHostMatches(h, name));
    for (const service of fronts) {
      if (candidates.some((c) => c.service === service)) continue;
      candidates.push({ service, claims: host ? `Gateway ${gateway.ref.name}'s host ${host}` : null });
    }
  }
  if (via !== null) {
    const chosen = candidates.find((c) => `${c.service.namespace}/${c.service.name}` === via);
    if (!chosen) {
      const known = candidates.map((c) => `${c.service.namespace}/${c.service.name}`).join(", ") || "none";
      throw new RequestError(`--via ${via} is not an entry point of this cluster (entry points: ${known}).`);
    }
    return entryOf(index, chosen.service, `chosen with --via`);
  }
  const claiming = candidates.filter((c) => c.claims !== null);
  const pick = claiming[0] ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!pick) return null;
  const why = pick.claims
    ? `it serves ${pick.claims}${claiming.length > 1 ? `; ${claiming.length} entry points could take it, --via chooses` : ""}`
    : "the cluster's only entry point";
  return entryOf(index, pick.service, why);
}

function entryOf(index: ClusterIndex, service: SimService, why: string): PublicEntry | null {
  const ip = service.loadBalancerIPs[0] ?? index.cluster.nodes.find((n) => n.externalIP)?.externalIP;
  return ip ? { service, ip, why } : null;
}
