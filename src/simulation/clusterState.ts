/**
 * The cluster while events play: nodes, pods and endpoints that change, and what the controllers
 * need to remember between events (names and addresses already used, desired replica counts,
 * creation order). Everything else (Services, Ingresses, the mesh) is the reconciled cluster's.
 */
import { type ManualEndpointsDecl, readEndpointSlice, readEndpoints } from "../engine/kinds/endpoints";
import { readNode } from "../engine/kinds/node";
import { type PodSpecDecl, readPodSpec } from "../engine/kinds/podSpec";
import { record, stringMap } from "../engine/kinds/read";
import { readWorkload, type WorkloadDecl } from "../engine/kinds/workload";
import {
  type Analysis,
  type Cluster,
  type ObjectKey,
  objectKey,
  type SimNode,
  type SimPod,
} from "../engine/model";
import type { ManifestObject } from "../engine/parse/parseManifests";
import { buildEndpoints } from "../engine/reconcile/buildEndpoints";
import { injectSidecars } from "../engine/reconcile/injectSidecars";
import { podSuffix, podTemplateHash } from "../engine/reconcile/podNames";
import { responseTimeAnnotation } from "../engine/reconcile/responseTime";
import type { PendingPod } from "./clusterEvents";
import { type Placement, placePod } from "./placement";

/** The controller whose replica count a pod counts towards (a ReplicaSet's Deployment, if any). */
export interface WorkloadRef {
  namespace: string;
  kind: "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet";
  name: string;
}

/** A Pending pod and what it was made from, so a scale-down can remove it first. */
export interface PendingEntry extends PendingPod {
  workload: string;
}

export function workloadKey(w: WorkloadRef): string {
  return `${w.namespace}/${w.kind}/${w.name}`;
}

/** Who keeps this pod's replica count: null for a bare Pod. */
export function controllerOf(pod: SimPod): WorkloadRef | null {
  const { owner, namespace } = pod;
  if (!owner) return null;
  if (owner.kind === "ReplicaSet" && pod.workload !== owner.name)
    return { namespace, kind: "Deployment", name: pod.workload };
  return { namespace, kind: owner.kind, name: owner.name };
}

function sameController(a: WorkloadRef | null, b: WorkloadRef): boolean {
  return a !== null && a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
}

export class ClusterState {
  nodes: SimNode[];
  pods: SimPod[];
  endpoints: Cluster["endpoints"];
  readonly pending: PendingEntry[] = [];
  private readonly objects = new Map<string, ManifestObject>();
  private readonly nodeLabels = new Map<string, Record<string, string>>();
  private readonly namespaceLabels = new Map<string, Record<string, string>>();
  private readonly manualEndpoints: ManualEndpointsDecl[] = [];
  private readonly meshInUse: boolean;
  /** Addresses and names handed out during the run: a new pod never gets an old pod's IP. */
  private readonly usedIPs = new Set<string>();
  private readonly usedNames = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  /** Creation order, for the ReplicaSet's "newest first" scale-down rule. */
  private readonly birth = new Map<ObjectKey, number>();
  private clock = 0;
  private readonly desired = new Map<string, number>();
  /** Pods the YAML asked for that never got a node (reported by analyze as diagnostics). */
  private readonly basePending = new Map<string, number>();

  constructor(readonly base: Analysis) {
    const { cluster, manifest } = base;
    this.nodes = cluster.nodes;
    this.pods = cluster.pods;
    this.endpoints = cluster.endpoints;
    for (const o of manifest.objects) {
      this.objects.set(`${o.namespace}/${o.kind}/${o.name}`, o);
      if (o.kind === "Node") this.nodeLabels.set(o.name, readNode(o).labels);
      if (o.kind === "Namespace") this.namespaceLabels.set(o.name, stringMap(record(o.body.metadata).labels));
      if (o.kind === "Endpoints" && o.apiVersion === "v1") this.manualEndpoints.push(readEndpoints(o));
      if (o.kind === "EndpointSlice" && o.apiVersion === "discovery.k8s.io/v1")
        this.manualEndpoints.push(readEndpointSlice(o));
    }
    this.meshInUse = cluster.pods.some((p) => p.labels.app === "istiod");
    for (const p of cluster.pods) {
      this.usedIPs.add(p.ip);
      this.usedNames.add(`${p.namespace}/${p.name}`);
      this.birth.set(p.key, this.clock++);
    }
  }

  cluster(): Cluster {
    return { ...this.base.cluster, nodes: this.nodes, pods: this.pods, endpoints: this.endpoints };
  }

  findPod(namespace: string, name: string): SimPod | undefined {
    return this.pods.find((p) => p.namespace === namespace && p.name === name);
  }

  findNode(name: string): SimNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  setNode(name: string, patch: Partial<Pick<SimNode, "ready" | "unschedulable">>): void {
    this.nodes = this.nodes.map((n) => (n.name === name ? { ...n, ...patch } : n));
  }

  podsOf(w: WorkloadRef): SimPod[] {
    return this.pods.filter((p) => sameController(controllerOf(p), w));
  }

  pendingOf(w: WorkloadRef): { entries: PendingEntry[]; unnamed: number } {
    const key = workloadKey(w);
    this.desiredReplicas(w);
    return {
      entries: this.pending.filter((e) => e.workload === key),
      unnamed: this.basePending.get(key) ?? 0,
    };
  }

  /** Pods the controller counts: running ones and Pending ones. */
  countOf(w: WorkloadRef): number {
    const { entries, unnamed } = this.pendingOf(w);
    return this.podsOf(w).length + entries.length + unnamed;
  }

  removePending(w: WorkloadRef, count: number): string[] {
    const key = workloadKey(w);
    this.desiredReplicas(w);
    const removed: string[] = [];
    let unnamed = this.basePending.get(key) ?? 0;
    while (removed.length < count && unnamed > 0) {
      unnamed--;
      removed.push("a Pending pod");
    }
    this.basePending.set(key, unnamed);
    for (let i = this.pending.length - 1; i >= 0 && removed.length < count; i--) {
      const entry = this.pending[i] as PendingEntry;
      if (entry.workload !== key) continue;
      this.pending.splice(i, 1);
      removed.push(entry.name);
    }
    return removed;
  }

  /** The workload object in the YAML (apps/v1), or null when only its pods are listed. */
  workloadDecl(w: WorkloadRef): WorkloadDecl | null {
    const object = this.objects.get(workloadKey(w));
    return object && object.apiVersion === "apps/v1" ? readWorkload(object) : null;
  }

  /** `spec.replicas` as the controller holds it now. */
  desiredReplicas(w: WorkloadRef): number {
    const key = workloadKey(w);
    const known = this.desired.get(key);
    if (known !== undefined) return known;
    const declared = this.workloadDecl(w)?.replicas ?? null;
    // Counted in the reconciled cluster, before any event removed or added pods.
    const running = this.base.cluster.pods.filter((p) => sameController(controllerOf(p), w)).length;
    const replicas = declared ?? running;
    this.desired.set(key, replicas);
    this.basePending.set(key, Math.max(0, replicas - running));
    return replicas;
  }

  setDesiredReplicas(w: WorkloadRef, replicas: number): void {
    this.desiredReplicas(w);
    this.desired.set(workloadKey(w), replicas);
  }

  birthOf(pod: SimPod): number {
    return this.birth.get(pod.key) ?? 0;
  }

  /** Takes a pod out of the cluster; returns where it was, for its replacement. */
  remove(pod: SimPod): number {
    const at = this.pods.indexOf(pod);
    if (at >= 0) this.pods = [...this.pods.slice(0, at), ...this.pods.slice(at + 1)];
    return at;
  }

  replace(pod: SimPod, next: SimPod): void {
    this.pods = this.pods.map((p) => (p === pod ? next : p));
  }

  /** The next `<owner>-<suffix>` name a ReplicaSet or DaemonSet would generate; never one used before. */
  nextReplicaName(namespace: string, owner: string): string {
    const key = `${namespace}/${owner}`;
    let i = this.nextSuffix.get(key) ?? 0;
    let name = `${owner}-${podSuffix(owner, i)}`;
    while (this.usedNames.has(`${namespace}/${name}`)) name = `${owner}-${podSuffix(owner, ++i)}`;
    this.nextSuffix.set(key, i + 1);
    return name;
  }

  /**
   * What a new pod of this workload looks like: a running sibling (same template, same sidecar
   * decision), else one from the reconciled YAML, else the workload's template itself.
   */
  templateOf(w: WorkloadRef): SimPod | null {
    const sibling =
      this.podsOf(w)[0] ?? this.base.cluster.pods.find((p) => sameController(controllerOf(p), w));
    if (sibling) return sibling;
    const decl = this.workloadDecl(w);
    return decl ? this.podFromTemplate(w, decl) : null;
  }

  private podFromTemplate(w: WorkloadRef, decl: WorkloadDecl): SimPod {
    const { object } = decl;
    // The Deployment's ReplicaSet is named after the template's hash, as buildPods names it.
    const owner =
      w.kind === "Deployment"
        ? {
            kind: "ReplicaSet" as const,
            name: `${w.name}-${podTemplateHash(JSON.stringify(decl.rawTemplate))}`,
          }
        : { kind: w.kind, name: w.name };
    const pod: SimPod = {
      key: objectKey(w.namespace, "Pod", owner.name),
      name: owner.name,
      namespace: w.namespace,
      labels: decl.templateLabels,
      nodeName: "",
      ip: "",
      ready: true,
      containers: decl.template.containers,
      owner,
      workload: w.name,
      hostname: null,
      subdomain: w.kind === "StatefulSet" ? decl.serviceName : null,
      sidecar: false,
      responseTimeMs: responseTimeAnnotation(object),
      source: object.source,
      sourceKind: object.kind,
      sourceName: object.name,
    };
    return this.meshInUse
      ? (injectSidecars([pod], this.namespaceLabels, this.base.manifest.objects)[0] ?? pod)
      : pod;
  }

  /** The pod spec a replacement is made from: the workload's template, or the Pod object's spec. */
  private specOf(template: SimPod): PodSpecDecl {
    const object = this.objects.get(`${template.namespace}/${template.sourceKind}/${template.sourceName}`);
    if (!object) return { containers: [], nodeName: null, nodeSelector: {}, hostname: null, subdomain: null };
    if (object.kind === "Pod") {
      // A Pod listed with an owner is a controller's pod as kubectl printed it: its nodeName is
      // where the scheduler put it, not part of the template.
      const spec = readPodSpec(object.body.spec);
      return template.owner ? { ...spec, nodeName: null } : spec;
    }
    return readWorkload(object).template;
  }

  /** Where a new pod made from `template` runs, and its address (see placePod). */
  place(template: SimPod, name: string, fixedNode: string | null): Placement {
    const cluster = {
      nodes: this.nodes,
      pods: this.pods,
      nodeLabels: this.nodeLabels,
      usedIPs: this.usedIPs,
    };
    return placePod(cluster, this.specOf(template), template, name, fixedNode);
  }

  /** Adds a running pod made from `template`, at `at` in the pod list (after its siblings otherwise). */
  addPod(template: SimPod, name: string, placement: { node: SimNode; ip: string }, at: number): SimPod {
    const pod: SimPod = {
      ...template,
      key: objectKey(template.namespace, "Pod", name),
      name,
      nodeName: placement.node.name,
      ip: placement.ip,
      ready: true,
      hostname: template.owner?.kind === "StatefulSet" ? name : template.hostname,
    };
    this.usedIPs.add(pod.ip);
    this.usedNames.add(`${pod.namespace}/${pod.name}`);
    this.birth.set(pod.key, this.clock++);
    const index = at >= 0 ? at : this.insertionPoint(template);
    this.pods = [...this.pods.slice(0, index), pod, ...this.pods.slice(index)];
    return pod;
  }

  addPending(entry: PendingEntry): void {
    this.usedNames.add(`${entry.namespace}/${entry.name}`);
    this.pending.push(entry);
  }

  private insertionPoint(template: SimPod): number {
    const w = controllerOf(template);
    let last = -1;
    this.pods.forEach((p, i) => {
      if (w && sameController(controllerOf(p), w)) last = i;
    });
    return last >= 0 ? last + 1 : this.pods.length;
  }

  /** What the EndpointSlice controller publishes for the pods as they are now. */
  refreshEndpoints(): void {
    const ctx = { manifest: this.base.manifest, diagnostics: [] };
    this.endpoints = buildEndpoints(ctx, this.base.cluster.services, this.pods, this.manualEndpoints);
  }
}
