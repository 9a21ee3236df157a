import type { SimPod, SimService } from "../model";
import type { ClusterIndex } from "./clusterIndex";

export type DnsAnswer =
  | { type: "clusterIP"; fqdn: string; service: SimService; ip: string }
  | { type: "headless"; fqdn: string; service: SimService; ips: string[] }
  | { type: "cname"; fqdn: string; service: SimService; target: string }
  /** `service`: the headless Service a `<hostname>.<subdomain>` name is under. */
  | { type: "pod"; fqdn: string; pod: SimPod; ip: string; service?: SimService }
  | { type: "nxdomain"; tried: string[]; why: string }
  | { type: "public"; name: string };

/** resolv.conf of a pod in `namespace` (K-DNS): three search domains and ndots:5. */
export function searchPath(namespace: string, domain: string): string[] {
  return [`${namespace}.svc.${domain}`, `svc.${domain}`, domain];
}

function lookupFqdn(index: ClusterIndex, fqdn: string, domain: string): DnsAnswer | null {
  const suffix = `.${domain}`;
  if (!fqdn.endsWith(suffix)) return null;
  const labels = fqdn.slice(0, -suffix.length).split(".");
  // <svc>.<ns>.svc
  if (labels.length === 3 && labels[2] === "svc") {
    const service = index.serviceByName.get(`${labels[1]}/${labels[0]}`);
    if (!service) return null;
    if (service.type === "ExternalName")
      return { type: "cname", fqdn, service, target: service.externalName ?? "" };
    if (service.headless) {
      const ips = new Set<string>();
      for (const port of index.cluster.endpoints[service.key] ?? []) {
        for (const e of port.endpoints) if (e.ready) ips.add(e.ip);
      }
      return { type: "headless", fqdn, service, ips: [...ips].sort() };
    }
    return service.clusterIP ? { type: "clusterIP", fqdn, service, ip: service.clusterIP } : null;
  }
  // <hostname>.<subdomain>.<ns>.svc: a pod under a headless Service (StatefulSet pods, K-DNS)
  if (labels.length === 4 && labels[3] === "svc") {
    const service = index.serviceByName.get(`${labels[2]}/${labels[1]}`);
    if (!service?.headless) return null;
    const pod = index.cluster.pods.find(
      (p) => p.namespace === labels[2] && p.hostname === labels[0] && p.subdomain === labels[1],
    );
    return pod ? { type: "pod", fqdn, pod, ip: pod.ip, service } : null;
  }
  // <a-b-c-d>.<ns>.pod
  if (labels.length === 3 && labels[2] === "pod") {
    const ip = (labels[0] ?? "").replace(/-/g, ".");
    const pod = index.podByIP.get(ip);
    return pod && pod.namespace === labels[1] ? { type: "pod", fqdn, pod, ip } : null;
  }
  return null;
}

/**
 * Answers already given, per cluster, namespace and name: a traffic run asks the same question
 * for every request, and an answer only depends on the cluster it was asked in.
 */
const answers = new WeakMap<ClusterIndex, Map<string, Map<string, DnsAnswer>>>();

/**
 * What a pod in `namespace` gets for `name` from cluster DNS: the search path is tried first
 * (ndots:5), then the name as written. Names outside the cluster domain go to upstream DNS.
 */
export function resolveName(index: ClusterIndex, name: string, namespace: string): DnsAnswer {
  let byNamespace = answers.get(index);
  if (!byNamespace) {
    byNamespace = new Map();
    answers.set(index, byNamespace);
  }
  let byName = byNamespace.get(namespace);
  if (!byName) {
    byName = new Map();
    byNamespace.set(namespace, byName);
  }
  let answer = byName.get(name);
  if (!answer) {
    answer = askClusterDns(index, name, namespace);
    byName.set(name, answer);
  }
  return answer;
}

function askClusterDns(index: ClusterIndex, name: string, namespace: string): DnsAnswer {
  const domain = index.cluster.settings.clusterDomain;
  const dots = name.split(".").length - 1;
  const candidates = dots >= 5 ? [name] : [...searchPath(namespace, domain).map((d) => `${name}.${d}`), name];
  for (const fqdn of candidates) {
    const answer = lookupFqdn(index, fqdn, domain);
    if (answer) return answer;
  }
  const last = name.split(".").pop() ?? name;
  // A single label, a cluster-domain name, or one ending in a namespace or "svc" is a cluster name
  // that does not exist; anything else is forwarded upstream and leaves the cluster.
  if (!name.includes(".") || name.endsWith(domain) || index.namespaces.has(last) || last === "svc") {
    return {
      type: "nxdomain",
      tried: candidates,
      why: name.endsWith(domain) ? "no such record in the cluster zone" : "no Service by that name",
    };
  }
  return { type: "public", name };
}
