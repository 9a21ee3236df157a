import type { NodeDecl } from "../kinds/node";
import type { PodDecl } from "../kinds/pod";
import type { PodSpecDecl } from "../kinds/podSpec";
import { list, record, text } from "../kinds/read";
import type { WorkloadDecl } from "../kinds/workload";
import { type OwnerRef, objectKey, type SimNode, type SimPod } from "../model";
import type { ManifestObject } from "../parse/parseManifests";
import { selectorMatches } from "./buildEndpoints";
import { type ReconcileContext, report } from "./context";
import { intToIp, ipToInt, podAddressAllocator } from "./ipam";
import { podSuffix, podTemplateHash } from "./podNames";
import { responseTimeAnnotation } from "./responseTime";

/** A pod before it has a node and an IP: from a Pod object or a controller's template. */
interface PodIntent {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  spec: PodSpecDecl;
  ip: string | null;
  ready: boolean;
  owner: OwnerRef | null;
  workload: string;
  object: ManifestObject;
  /** StatefulSet pods get stable hostnames under their governing Service. */
  hostname: string | null;
  subdomain: string | null;
}

function ownerOf(object: ManifestObject): { kind: string; name: string } | null {
  const owner = list(record(object.body.metadata).ownerReferences).map(record)[0];
  const kind = owner ? text(owner.kind) : null;
  const name = owner ? text(owner.name) : null;
  return kind && name ? { kind, name } : null;
}

/**
 * One pod of a workload, from its template. Written out rather than spread from a shared base:
 * V8 takes about a microsecond for `{ ...base, name }`, and a large manifest has thousands of pods.
 */
function podOf(
  w: WorkloadDecl,
  pod: Pick<PodIntent, "name" | "owner" | "workload"> &
    Partial<Pick<PodIntent, "spec" | "hostname" | "subdomain">>,
): PodIntent {
  return {
    name: pod.name,
    namespace: w.object.namespace,
    labels: w.templateLabels,
    spec: pod.spec ?? w.template,
    ip: null,
    ready: true,
    owner: pod.owner,
    workload: pod.workload,
    object: w.object,
    hostname: pod.hostname ?? null,
    subdomain: pod.subdomain ?? null,
  };
}

/** Pods a controller would create from its template, named the way that controller names them. */
function podsOfWorkload(
  w: WorkloadDecl,
  nodes: readonly SimNode[],
  deploymentOf: (rs: string) => string | null,
) {
  const { name } = w.object;
  const intents: PodIntent[] = [];
  if (w.kind === "Deployment") {
    const rs = `${name}-${podTemplateHash(JSON.stringify(w.rawTemplate))}`;
    for (let i = 0; i < (w.replicas ?? 0); i++) {
      intents.push(
        podOf(w, {
          name: `${rs}-${podSuffix(rs, i)}`,
          owner: { kind: "ReplicaSet", name: rs },
          workload: name,
        }),
      );
    }
  } else if (w.kind === "ReplicaSet") {
    const workload = deploymentOf(name) ?? name;
    for (let i = 0; i < (w.replicas ?? 0); i++) {
      intents.push(
        podOf(w, { name: `${name}-${podSuffix(name, i)}`, owner: { kind: "ReplicaSet", name }, workload }),
      );
    }
  } else if (w.kind === "StatefulSet") {
    // StatefulSet pods are <name>-<ordinal>, with a stable DNS name under the governing Service.
    for (let i = 0; i < (w.replicas ?? 0); i++) {
      const podName = `${name}-${i}`;
      intents.push(
        podOf(w, {
          name: podName,
          owner: { kind: "StatefulSet", name },
          workload: name,
          hostname: podName,
          subdomain: w.serviceName,
        }),
      );
    }
  } else {
    nodes.forEach((node, i) => {
      intents.push(
        podOf(w, {
          name: `${name}-${podSuffix(name, i)}`,
          spec: { ...w.template, nodeName: node.name },
          owner: { kind: "DaemonSet", name },
          workload: name,
        }),
      );
    });
  }
  return intents;
}

/** A node as the scheduler sees it: the labels a nodeSelector matches and the pods placed so far. */
interface NodeSlot {
  node: SimNode;
  labels: Record<string, string>;
  pods: number;
  /** Position among the slots: where a workload's count on this node is kept. */
  at: number;
}

/**
 * Expands controllers into pods, schedules them and gives them IPs from their node's pod CIDR.
 * Deterministic: the same manifest always gives the same names, nodes and addresses.
 */
export function buildPods(
  ctx: ReconcileContext,
  podDecls: readonly PodDecl[],
  workloads: readonly WorkloadDecl[],
  nodes: readonly SimNode[],
  nodeDecls: readonly NodeDecl[],
): SimPod[] {
  const deployments = new Set(
    workloads.filter((w) => w.kind === "Deployment").map((w) => `${w.object.namespace}/${w.object.name}`),
  );
  const deploymentOf = (namespace: string) => (rs: string) => {
    const cut = rs.lastIndexOf("-");
    const candidate = cut > 0 ? rs.slice(0, cut) : null;
    return candidate && deployments.has(`${namespace}/${candidate}`) ? candidate : null;
  };
  // Pods listed with an owner (as `kubectl get -o yaml` prints them) stand for their controller's
  // pods: the controller is then not expanded a second time.
  const observedOwners = new Set<string>();
  const intents: PodIntent[] = podDecls.map((p) => {
    const owner = ownerOf(p.object);
    let workload = p.object.name;
    let ownerRef: OwnerRef | null = null;
    if (
      owner &&
      (owner.kind === "ReplicaSet" || owner.kind === "StatefulSet" || owner.kind === "DaemonSet")
    ) {
      ownerRef = { kind: owner.kind, name: owner.name };
      workload = (owner.kind === "ReplicaSet" && deploymentOf(p.object.namespace)(owner.name)) || owner.name;
      observedOwners.add(`${p.object.namespace}/${owner.kind}/${owner.name}`);
      observedOwners.add(`${p.object.namespace}/Deployment/${workload}`);
    }
    return {
      name: p.object.name,
      namespace: p.object.namespace,
      labels: p.labels,
      spec: p.spec,
      ip: p.ip,
      ready: p.ready,
      owner: ownerRef,
      workload,
      object: p.object,
      hostname: p.spec.hostname,
      subdomain: p.spec.subdomain,
    };
  });
  for (const w of workloads) {
    const { namespace, name } = w.object;
    if (observedOwners.has(`${namespace}/${w.kind}/${name}`)) continue;
    // A ReplicaSet owned by a listed Deployment is that Deployment's: expand the Deployment only.
    const owner = ownerOf(w.object);
    if (
      w.kind === "ReplicaSet" &&
      owner?.kind === "Deployment" &&
      deployments.has(`${namespace}/${owner.name}`)
    )
      continue;
    intents.push(...podsOfWorkload(w, nodes, deploymentOf(namespace)));
  }
  return placePods(ctx, intents, nodes, nodeDecls);
}

/** A pod without a nodeSelector fits every node: no labels to match against each of them. */
function isEmpty(selector: Record<string, string>): boolean {
  for (const _ in selector) return false;
  return true;
}

function placePods(
  ctx: ReconcileContext,
  intents: readonly PodIntent[],
  nodes: readonly SimNode[],
  nodeDecls: readonly NodeDecl[],
): SimPod[] {
  const nodeLabels = new Map(nodeDecls.map((d) => [d.object.name, d.labels]));
  const allocators = new Map(nodes.map((n) => [n.name, { alloc: podAddressAllocator(n.podCIDR) }]));
  // Per node, once: the labels its nodeSelector is matched against and how many pods it holds.
  const slots: NodeSlot[] = nodes.map((node, at) => ({
    node,
    labels: { "kubernetes.io/hostname": node.name, ...(nodeLabels.get(node.name) ?? {}) },
    pods: 0,
    at,
  }));
  const slotByName = new Map(slots.map((s) => [s.node.name, s]));
  /**
   * Pods of each workload (`namespace/name`) per node, by slot position: the scheduler reads
   * every node's count for every pod, so an array rather than a map.
   */
  const spreadOf = new Map<string, number[]>();
  const placed: { intent: PodIntent; node: SimNode }[] = [];
  for (const intent of intents) {
    const workloadKey = `${intent.namespace}/${intent.workload}`;
    let spread = spreadOf.get(workloadKey);
    if (!spread) {
      spread = new Array<number>(slots.length).fill(0);
      spreadOf.set(workloadKey, spread);
    }
    let slot: NodeSlot | undefined;
    if (intent.spec.nodeName) {
      slot = slotByName.get(intent.spec.nodeName);
      if (!slot) {
        report(
          ctx,
          intent.object,
          "node-not-found",
          `Pod ${intent.name} is bound to node "${intent.spec.nodeName}", which does not exist: it never runs.`,
          intent.object.kind === "Pod" ? ["spec", "nodeName"] : ["spec", "template", "spec", "nodeName"],
        );
        continue;
      }
    } else {
      // The default scheduler spreads a workload's replicas across nodes, then balances totals;
      // ties go to the first node in manifest order.
      let bestSpread = 0;
      const anyNode = isEmpty(intent.spec.nodeSelector);
      for (const candidate of slots) {
        if (!anyNode && !selectorMatches(intent.spec.nodeSelector, candidate.labels)) continue;
        const s = spread[candidate.at] ?? 0;
        if (!slot || s < bestSpread || (s === bestSpread && candidate.pods < slot.pods)) {
          slot = candidate;
          bestSpread = s;
        }
      }
      if (!slot) {
        report(
          ctx,
          intent.object,
          "pod-unschedulable",
          `No node matches the nodeSelector of ${intent.name}: it stays Pending.`,
          intent.object.kind === "Pod"
            ? ["spec", "nodeSelector"]
            : ["spec", "template", "spec", "nodeSelector"],
        );
        continue;
      }
    }
    slot.pods++;
    spread[slot.at] = (spread[slot.at] ?? 0) + 1;
    placed.push({ intent, node: slot.node });
  }
  // Reserve addresses the YAML states first, then allocate the rest by name.
  for (const { intent, node } of placed) {
    const a = allocators.get(node.name);
    const ip = intent.ip ? ipToInt(intent.ip) : null;
    if (a && ip !== null) a.alloc.reserve(ip);
  }
  const pods: SimPod[] = [];
  for (const { intent, node } of placed) {
    let ip = intent.ip;
    if (!ip) {
      const n = allocators.get(node.name)?.alloc.allocate(`${intent.namespace}/${intent.name}`);
      if (n === null || n === undefined) {
        report(
          ctx,
          intent.object,
          "pod-unschedulable",
          `Node ${node.name} has no free address in ${node.podCIDR}: ${intent.name} stays Pending.`,
        );
        continue;
      }
      ip = intToIp(n);
    }
    pods.push({
      key: objectKey(intent.namespace, "Pod", intent.name),
      name: intent.name,
      namespace: intent.namespace,
      labels: intent.labels,
      nodeName: node.name,
      ip,
      ready: intent.ready,
      containers: intent.spec.containers,
      owner: intent.owner,
      workload: intent.workload,
      hostname: intent.hostname,
      subdomain: intent.subdomain,
      sidecar: false,
      responseTimeMs: responseTimeAnnotation(intent.object),
      source: intent.object.source,
      sourceKind: intent.object.kind,
      sourceName: intent.object.name,
    });
  }
  return pods;
}
