import type { ManualEndpointsDecl } from "../kinds/endpoints";
import type { ObjectKey, PortEndpoints, SimEndpoint, SimPod, SimService, SimServicePort } from "../model";
import { type ReconcileContext, report } from "./context";

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/** Pods per namespace, in cluster order: a Service only ever selects pods of its own namespace. */
function groupByNamespace(pods: readonly SimPod[]): Map<string, SimPod[]> {
  const byNamespace = new Map<string, SimPod[]>();
  for (const p of pods) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  return byNamespace;
}

/**
 * Pods by label, for selectors: a selector only looks at the pods that carry its rarest label,
 * not at every pod of its namespace (thousands of Services times thousands of pods otherwise).
 */
export interface PodLabelIndex {
  /** Pods of `namespace` that `selector` matches, in cluster order. */
  select(namespace: string, selector: Record<string, string>): SimPod[];
  /** The first pod outside `namespace` that `selector` matches, in cluster order. */
  findElsewhere(namespace: string, selector: Record<string, string>): SimPod | undefined;
}

export function indexPodLabels(pods: readonly SimPod[]): PodLabelIndex {
  const byNamespace = groupByNamespace(pods);
  const byLabel = new Map<string, Map<string, SimPod[]>>();
  for (const pod of pods) {
    for (const key in pod.labels) {
      const value = pod.labels[key] as string;
      let byValue = byLabel.get(key);
      if (!byValue) {
        byValue = new Map();
        byLabel.set(key, byValue);
      }
      const carriers = byValue.get(value);
      if (carriers) carriers.push(pod);
      else byValue.set(value, [pod]);
    }
  }
  /** The smallest list that holds every match: the pods with the selector's rarest label. */
  const candidates = (selector: Record<string, string>, all: readonly SimPod[]): readonly SimPod[] => {
    let smallest = all;
    for (const key in selector) {
      const carriers = byLabel.get(key)?.get(selector[key] as string) ?? [];
      if (carriers.length < smallest.length) smallest = carriers;
    }
    return smallest;
  };
  return {
    select: (namespace, selector) =>
      candidates(selector, byNamespace.get(namespace) ?? []).filter(
        (p) => p.namespace === namespace && selectorMatches(selector, p.labels),
      ),
    findElsewhere: (namespace, selector) =>
      candidates(selector, pods).find(
        (p) => p.namespace !== namespace && selectorMatches(selector, p.labels),
      ),
  };
}

/** The pod's port for a Service port: the number, or the named container port (per pod, K-SVC). */
export function resolveTargetPort(pod: SimPod, port: SimServicePort): number | null {
  if (typeof port.targetPort === "number") return port.targetPort;
  for (const c of pod.containers) {
    for (const p of c.ports)
      if (p.name === port.targetPort && p.protocol === port.protocol) return p.containerPort;
  }
  return null;
}

/** kube-proxy programs endpoints in the order of their "ip:port" strings. */
function byAddress(a: SimEndpoint, b: SimEndpoint): number {
  const x = `${a.ip}:${a.port}`;
  const y = `${b.ip}:${b.port}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

function fromSelector(
  service: SimService,
  selector: Record<string, string>,
  podLabels: PodLabelIndex,
): PortEndpoints[] {
  const selected = podLabels.select(service.namespace, selector);
  return service.ports.map((port) => {
    const endpoints: SimEndpoint[] = [];
    for (const pod of selected) {
      const target = resolveTargetPort(pod, port);
      // A pod without the named port contributes no endpoint for this Service port.
      if (target === null) continue;
      endpoints.push({
        ip: pod.ip,
        port: target,
        ready: pod.ready || service.publishNotReadyAddresses,
        podKey: pod.key,
        nodeName: pod.nodeName,
        hostname: pod.hostname,
      });
    }
    return { portIndex: port.index, endpoints: endpoints.sort(byAddress), origin: { kind: "selector" } };
  });
}

function fromManual(
  ctx: ReconcileContext,
  service: SimService,
  decl: ManualEndpointsDecl,
  podsByIP: Map<string, SimPod>,
): PortEndpoints[] {
  const kind = decl.object.kind === "EndpointSlice" ? "EndpointSlice" : "Endpoints";
  const origin = { kind, name: decl.object.name, source: decl.object.source } as const;
  return service.ports.map((port) => {
    const endpoints: SimEndpoint[] = [];
    let matchedPort = false;
    for (const group of decl.groups) {
      // Endpoints ports are matched to Service ports by name (K-SVC); a single unnamed port matches.
      const groupPort = group.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
      if (!groupPort) continue;
      matchedPort = true;
      for (const a of group.addresses) {
        const pod = podsByIP.get(a.ip);
        endpoints.push({
          ip: a.ip,
          port: groupPort.port,
          ready: a.ready,
          podKey: pod?.key ?? null,
          nodeName: a.nodeName ?? pod?.nodeName ?? null,
          hostname: a.hostname,
        });
      }
    }
    if (!matchedPort && decl.groups.length > 0) {
      report(
        ctx,
        decl.object,
        "endpoints-port-mismatch",
        `No port of ${kind} ${decl.object.name} is named "${port.name ?? ""}" like port ${port.port} of Service ${service.name}.`,
        kind === "EndpointSlice" ? ["ports"] : ["subsets"],
      );
    }
    return { portIndex: port.index, endpoints: endpoints.sort(byAddress), origin };
  });
}

/** What the EndpointSlice controller (or the user, for selector-less Services) publishes. */
export function buildEndpoints(
  ctx: ReconcileContext,
  services: readonly SimService[],
  pods: readonly SimPod[],
  manual: readonly ManualEndpointsDecl[],
): Record<ObjectKey, PortEndpoints[]> {
  const podLabels = indexPodLabels(pods);
  const podsByIP = new Map(pods.map((p) => [p.ip, p]));
  const serviceByName = new Map(services.map((s) => [`${s.namespace}/${s.name}`, s]));
  // kube-proxy reads EndpointSlices; Endpoints are mirrored into slices, so slices win when both exist.
  const manualFor = new Map<string, ManualEndpointsDecl>();
  for (const decl of [...manual].sort(
    (a, b) => (a.object.kind === "EndpointSlice" ? 1 : 0) - (b.object.kind === "EndpointSlice" ? 1 : 0),
  )) {
    const svcName = decl.serviceName;
    const service = svcName ? serviceByName.get(`${decl.object.namespace}/${svcName}`) : undefined;
    if (!service) {
      report(
        ctx,
        decl.object,
        "endpoints-without-service",
        `${decl.object.kind} ${decl.object.name} matches no Service named "${svcName ?? ""}" in namespace ${decl.object.namespace}.`,
        decl.object.kind === "EndpointSlice" ? ["metadata", "labels"] : ["metadata", "name"],
      );
      continue;
    }
    if (service.selector !== null) {
      report(
        ctx,
        decl.object,
        "endpoints-ignored",
        `Service ${service.name} has a selector, so the control plane manages its endpoints and replaces this ${decl.object.kind}.`,
        ["metadata", "name"],
      );
      continue;
    }
    manualFor.set(service.key, decl);
  }
  const result: Record<ObjectKey, PortEndpoints[]> = {};
  for (const service of services) {
    if (service.type === "ExternalName") continue;
    if (service.selector !== null) {
      result[service.key] = fromSelector(service, service.selector, podLabels);
      continue;
    }
    const decl = manualFor.get(service.key);
    result[service.key] = decl
      ? fromManual(ctx, service, decl, podsByIP)
      : service.ports.map((p) => ({ portIndex: p.index, endpoints: [], origin: { kind: "none" } as const }));
  }
  return result;
}
