import type { Analysis, Cluster, SimNode, SimPod, SimService } from "../model";
import { locateField, type ManifestObject } from "../parse/parseManifests";
import type { FieldPath } from "../parse/positions";
import type { HopSource } from "../traceTypes";

/** Lookups a trace needs, built once per analysis so that a trace costs microseconds. */
export interface ClusterIndex {
  cluster: Cluster;
  serviceByName: Map<string, SimService>;
  serviceByClusterIP: Map<string, SimService>;
  serviceByLoadBalancerIP: Map<string, SimService>;
  serviceByExternalIP: Map<string, SimService>;
  serviceByNodePort: Map<number, SimService>;
  nodeByIP: Map<string, SimNode>;
  nodeByName: Map<string, SimNode>;
  podByIP: Map<string, SimPod>;
  podByKey: Map<string, SimPod>;
  namespaces: Set<string>;
  /** The YAML line that decided something, memoised per object and field. */
  sourceOf(kind: string, namespace: string, name: string, path?: FieldPath): HopSource | undefined;
}

const indexes = new WeakMap<Analysis, ClusterIndex>();

export function indexCluster(analysis: Analysis): ClusterIndex {
  const known = indexes.get(analysis);
  if (known) return known;
  const { cluster, manifest } = analysis;
  const serviceByClusterIP = new Map<string, SimService>();
  const serviceByLoadBalancerIP = new Map<string, SimService>();
  const serviceByExternalIP = new Map<string, SimService>();
  const serviceByNodePort = new Map<number, SimService>();
  for (const s of cluster.services) {
    if (s.clusterIP) serviceByClusterIP.set(s.clusterIP, s);
    for (const ip of s.loadBalancerIPs) serviceByLoadBalancerIP.set(ip, s);
    for (const ip of s.externalIPs) serviceByExternalIP.set(ip, s);
    for (const p of s.ports) if (p.nodePort !== null) serviceByNodePort.set(p.nodePort, s);
  }
  const nodeByIP = new Map<string, SimNode>();
  for (const n of cluster.nodes) {
    nodeByIP.set(n.internalIP, n);
    if (n.externalIP) nodeByIP.set(n.externalIP, n);
  }
  const objects = new Map<string, ManifestObject>();
  for (const o of manifest.objects) objects.set(`${o.kind}/${o.namespace}/${o.name}`, o);
  const sources = new Map<string, HopSource | undefined>();
  const index: ClusterIndex = {
    cluster,
    serviceByName: new Map(cluster.services.map((s) => [`${s.namespace}/${s.name}`, s])),
    serviceByClusterIP,
    serviceByLoadBalancerIP,
    serviceByExternalIP,
    serviceByNodePort,
    nodeByIP,
    nodeByName: new Map(cluster.nodes.map((n) => [n.name, n])),
    podByIP: new Map(cluster.pods.map((p) => [p.ip, p])),
    podByKey: new Map(cluster.pods.map((p) => [p.key, p])),
    namespaces: new Set(cluster.namespaces),
    sourceOf(kind, namespace, name, path = []) {
      const key = `${kind}/${namespace}/${name}#${path.join(".")}`;
      if (sources.has(key)) return sources.get(key);
      const object = objects.get(`${kind}/${namespace}/${name}`);
      const at = object ? locateField(manifest, object, path) : undefined;
      const source = at
        ? { kind, namespace, name, file: at.file, line: at.line, column: at.column }
        : undefined;
      sources.set(key, source);
      return source;
    },
  };
  indexes.set(analysis, index);
  return index;
}
