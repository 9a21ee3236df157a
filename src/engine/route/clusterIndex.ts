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
  /** A request's source pod: `namespace/name` and `namespace/workload`, the first such pod each. */
  podByName: Map<string, SimPod>;
  podByWorkload: Map<string, SimPod>;
  namespaces: Set<string>;
  /** The YAML line that decided something, memoised per object and field. */
  sourceOf(kind: string, namespace: string, name: string, path?: FieldPath): HopSource | undefined;
}

const indexes = new WeakMap<Analysis, ClusterIndex>();

/**
 * sourceOf's memo: one level per kind, namespace, name and path segment. Every hop of every
 * trace asks for a source, so a lookup follows strings the model already holds instead of
 * building (and hashing) a key string each time.
 */
interface SourceMemo {
  source?: HopSource | null;
  next?: Map<string | number, SourceMemo>;
}

function step(memo: SourceMemo, key: string | number): SourceMemo {
  memo.next ??= new Map();
  let child = memo.next.get(key);
  if (!child) {
    child = {};
    memo.next.set(key, child);
  }
  return child;
}

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
  const podByName = new Map<string, SimPod>();
  const podByWorkload = new Map<string, SimPod>();
  for (const p of cluster.pods) {
    const name = `${p.namespace}/${p.name}`;
    const workload = `${p.namespace}/${p.workload}`;
    if (!podByName.has(name)) podByName.set(name, p);
    if (!podByWorkload.has(workload)) podByWorkload.set(workload, p);
  }
  const objects = new Map<string, ManifestObject>();
  for (const o of manifest.objects) objects.set(`${o.kind}/${o.namespace}/${o.name}`, o);
  const sources: SourceMemo = {};
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
    podByName,
    podByWorkload,
    namespaces: new Set(cluster.namespaces),
    sourceOf(kind, namespace, name, path = []) {
      let memo = step(step(step(sources, kind), namespace), name);
      for (const segment of path) memo = step(memo, segment);
      if (memo.source === undefined) {
        const object = objects.get(`${kind}/${namespace}/${name}`);
        const at = object ? locateField(manifest, object, path) : undefined;
        memo.source = at ? { kind, namespace, name, file: at.file, line: at.line, column: at.column } : null;
      }
      return memo.source ?? undefined;
    },
  };
  indexes.set(analysis, index);
  return index;
}
