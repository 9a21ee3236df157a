/** Where a new pod runs and which address it gets, as the scheduler and the CNI would decide. */
import type { PodSpecDecl } from "../engine/kinds/podSpec";
import type { SimNode, SimPod } from "../engine/model";
import { selectorMatches } from "../engine/reconcile/buildEndpoints";
import { intToIp, ipToInt, podAddressAllocator } from "../engine/reconcile/ipam";

export type Placement = { ok: true; node: SimNode; ip: string } | { ok: false; reason: string };

export interface PlacementContext {
  nodes: readonly SimNode[];
  pods: readonly SimPod[];
  /** Labels of Node objects in the YAML, for nodeSelectors. */
  nodeLabels: ReadonlyMap<string, Record<string, string>>;
  /** Every address a pod has had during the run. */
  usedIPs: ReadonlySet<string>;
}

function labelsOf(ctx: PlacementContext, node: SimNode): Record<string, string> {
  return { "kubernetes.io/hostname": node.name, ...(ctx.nodeLabels.get(node.name) ?? {}) };
}

/**
 * The same rule as buildPods' scheduler: spread the workload's replicas across nodes, then
 * balance totals; ties go to the first node. Only Ready, uncordoned nodes take new pods (the node
 * lifecycle controller taints a NotReady node NoSchedule; a cordon sets spec.unschedulable).
 */
function schedule(ctx: PlacementContext, template: SimPod, spec: PodSpecDecl): SimNode | undefined {
  let best: { node: SimNode; spread: number; total: number } | undefined;
  for (const node of ctx.nodes) {
    if (!node.ready || node.unschedulable || !selectorMatches(spec.nodeSelector, labelsOf(ctx, node)))
      continue;
    let spread = 0;
    let total = 0;
    for (const p of ctx.pods) {
      if (p.nodeName !== node.name) continue;
      total++;
      if (p.namespace === template.namespace && p.workload === template.workload) spread++;
    }
    if (!best || spread < best.spread || (spread === best.spread && total < best.total))
      best = { node, spread, total };
  }
  return best?.node;
}

/** Said when schedule() found nothing: every node is down, cordoned or not selected. */
function whyUnschedulable(ctx: PlacementContext): string {
  const reasons = ctx.nodes.map((n) =>
    !n.ready
      ? `${n.name} is NotReady`
      : n.unschedulable
        ? `${n.name} is cordoned`
        : `${n.name} does not match its nodeSelector`,
  );
  return `no node can take it (${reasons.join(", ")})`;
}

/**
 * A node and an address for a new pod. `fixedNode` is a DaemonSet's node; a template's `nodeName`
 * binds the pod too. Both bypass the scheduler, so a cordon does not stop them, but the kubelet of
 * a NotReady node cannot start them. The address comes from the node's pod CIDR and is never one
 * an earlier pod of the run had: host-local IPAM hands addresses out round robin after the last
 * one it reserved, so a freed address comes back only once the range has wrapped
 * (containernetworking/plugins, plugins/ipam/host-local).
 */
export function placePod(
  ctx: PlacementContext,
  spec: PodSpecDecl,
  template: SimPod,
  name: string,
  fixedNode: string | null,
): Placement {
  const bound = fixedNode ?? spec.nodeName;
  let node: SimNode | undefined;
  if (bound) {
    node = ctx.nodes.find((n) => n.name === bound);
    if (!node) return { ok: false, reason: `node ${bound} does not exist` };
    if (!node.ready) return { ok: false, reason: `its node ${bound} is NotReady` };
  } else {
    node = schedule(ctx, template, spec);
    if (!node) return { ok: false, reason: whyUnschedulable(ctx) };
  }
  const allocator = podAddressAllocator(node.podCIDR);
  for (const ip of ctx.usedIPs) {
    const n = ipToInt(ip);
    if (n !== null) allocator.reserve(n);
  }
  const n = allocator.allocate(`${template.namespace}/${name}`);
  if (n === null) return { ok: false, reason: `node ${node.name} has no free address in ${node.podCIDR}` };
  return { ok: true, node, ip: intToIp(n) };
}
