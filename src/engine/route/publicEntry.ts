import { istioHostMatches } from "../kinds/istioHost";
import type { SimService } from "../model";
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
 * What public DNS answers for a name outside the cluster: as if it pointed the name at the
 * cluster's entry point that claims it (an Ingress host). With one entry point every name
 * resolves to it; `via` chooses where several could take it.
 */
export function publicEntry(tb: TraceBuilder): PublicEntry | null {
  const { index, request } = tb;
  const ingress = index.cluster.ingress;
  const candidates: { service: SimService; claims: string | null }[] = [];
  if (ingress) {
    const { controller } = ingress;
    const service = index.serviceByName.get(`${controller.namespace}/${controller.serviceName}`);
    const claim = claimingServer(ingress.servers, request.host);
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
    const host = gateway.servers.flatMap((s) => s.hosts).find((h) => istioHostMatches(h, request.host));
    for (const service of fronts) {
      if (candidates.some((c) => c.service === service)) continue;
      candidates.push({ service, claims: host ? `Gateway ${gateway.ref.name}'s host ${host}` : null });
    }
  }
  if (request.via !== null) {
    const chosen = candidates.find((c) => `${c.service.namespace}/${c.service.name}` === request.via);
    if (!chosen) {
      const known = candidates.map((c) => `${c.service.namespace}/${c.service.name}`).join(", ") || "none";
      throw new RequestError(
        `--via ${request.via} is not an entry point of this cluster (entry points: ${known}).`,
      );
    }
    return entryOf(tb, chosen.service, `chosen with --via`);
  }
  const claiming = candidates.filter((c) => c.claims !== null);
  const pick = claiming[0] ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!pick) return null;
  const why = pick.claims
    ? `it serves ${pick.claims}${claiming.length > 1 ? `; ${claiming.length} entry points could take it, --via chooses` : ""}`
    : "the cluster's only entry point";
  return entryOf(tb, pick.service, why);
}

function entryOf(tb: TraceBuilder, service: SimService, why: string): PublicEntry | null {
  const ip = service.loadBalancerIPs[0] ?? tb.index.cluster.nodes.find((n) => n.externalIP)?.externalIP;
  return ip ? { service, ip, why } : null;
}
