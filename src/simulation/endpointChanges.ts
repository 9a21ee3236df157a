/**
 * What the EndpointSlice controller changed, per Service, and what did not change: the Service's
 * own addresses. Pods come and go; the ClusterIP, node ports and DNS name stay (K-SVC).
 */
import type { Cluster, PortEndpoints, SimService } from "../engine/model";
import type { EndpointsChange } from "./clusterEvents";
import { list } from "./prose";

function addresses(ports: readonly PortEndpoints[] | undefined, ready: boolean): string[] {
  const out = new Set<string>();
  for (const port of ports ?? []) for (const e of port.endpoints) if (e.ready === ready) out.add(e.ip);
  return [...out];
}

/** Services whose ready addresses differ between two endpoint tables, in cluster order. */
export function endpointChanges(
  services: readonly SimService[],
  before: Cluster["endpoints"],
  after: Cluster["endpoints"],
): EndpointsChange[] {
  const changes: EndpointsChange[] = [];
  for (const service of services) {
    const was = addresses(before[service.key], true);
    const now = addresses(after[service.key], true);
    const listedNotReady = new Set(addresses(after[service.key], false));
    const removed = was.filter((ip) => !now.includes(ip));
    const added = now.filter((ip) => !was.includes(ip));
    if (removed.length === 0 && added.length === 0) continue;
    changes.push({
      service: service.key,
      namespace: service.namespace,
      name: service.name,
      removed,
      added,
      notReady: removed.filter((ip) => listedNotReady.has(ip)),
      ready: now,
    });
  }
  return changes;
}

/** One sentence per Service: what its endpoints became, and that its own addresses stayed. */
export function describeEndpointChange(change: EndpointsChange, service: SimService, domain: string): string {
  const gone = change.removed.filter((ip) => !change.notReady.includes(ip));
  const actions: string[] = [];
  if (gone.length > 0 && change.added.length > 0)
    actions.push(`replaced ${list(gone)} with ${list(change.added)}`);
  else if (gone.length > 0) actions.push(`removed ${list(gone)}`);
  else if (change.added.length > 0) actions.push(`added ${list(change.added)}`);
  if (change.notReady.length > 0)
    actions.push(
      change.notReady.length === 1
        ? `set ready=false on ${list(change.notReady)}, which stays listed but gets no new traffic`
        : `set ready=false on ${list(change.notReady)}, which stay listed but get no new traffic`,
    );
  const dns = `${service.name}.${service.namespace}.svc.${domain}`;
  const head = `In the endpoints of Service ${service.name}, the EndpointSlice controller ${actions.join(" and ")}`;
  if (service.headless) {
    const answer = change.ready.length > 0 ? list(change.ready) : "no address";
    return `${head}; the Service is headless, so DNS for ${dns} now answers with ${answer}.`;
  }
  const nodePorts = service.ports.flatMap((p) => (p.nodePort !== null ? [String(p.nodePort)] : []));
  const kept = [
    `ClusterIP ${service.clusterIP}`,
    ...(nodePorts.length > 0 ? [`node port${nodePorts.length > 1 ? "s" : ""} ${nodePorts.join(", ")}`] : []),
    `DNS name ${dns}`,
  ];
  const empty =
    change.ready.length === 0
      ? " With no ready endpoint left, kube-proxy rejects new connections to it."
      : "";
  return `${head}; its ${list(kept)} did not change.${empty}`;
}
