/**
 * The linter's Istio checks, offline, after `istioctl analyze` (I-CODE
 * pkg/config/analysis/analyzers): what VirtualServices refer to (hosts, DestinationRule subsets),
 * subsets and Gateways that select no pods, VirtualServices that shadow each other or their own
 * routes. Workloads are checked in lintMeshWorkloads.ts. Each message names istioctl's code where
 * it has one. Nothing here is an error: istiod accepts all of it and the proxies misroute.
 */
import { expandHost, istioHostMatches } from "../kinds/istioHost";
import type { L4Route } from "../kinds/l4Route";
import { record, stringMap } from "../kinds/read";
import type { HttpRoute, VirtualServiceDecl } from "../kinds/virtualService";
import type { Cluster, SimPod, SimService } from "../model";
import { locateField } from "../parse/parseManifests";
import type { FieldPath } from "../parse/positions";
import { indexPodLabels, selectorMatches } from "./buildEndpoints";
import type { MeshDecls } from "./buildMesh";
import { type ReconcileContext, report } from "./context";
import { isAssumed } from "./ingressController";
import { lintMeshWorkloads } from "./lintMeshWorkloads";
import { matchesEverything, shadowedRoutes } from "./routeCoverage";

/** The domain the readers expand short hosts with (expandHost's default). */
const CLUSTER_SUFFIX = ".svc.cluster.local";

/** What a destination host can name: a Service (by FQDN) or a ServiceEntry host. */
interface Registry {
  services: Map<string, SimService>;
  /** Expanded like VirtualService hosts; `*.x` allowed. */
  entryHosts: string[];
}

function registryOf(decls: MeshDecls, services: readonly SimService[]): Registry {
  return {
    services: new Map(services.map((s) => [expandHost(s.name, s.namespace), s])),
    entryHosts: decls.serviceEntries.flatMap((se) => se.hosts.map((h) => expandHost(h, se.object.namespace))),
  };
}

function inRegistry(registry: Registry, host: string): boolean {
  return registry.services.has(host) || registry.entryHosts.some((e) => istioHostMatches(e, host));
}

/** For a cluster name that names no Service: where Services of that name do live. */
function elsewhere(registry: Registry, host: string, vsNamespace: string): string {
  if (!host.endsWith(CLUSTER_SUFFIX)) return "";
  const [name, namespace] = host.split(".");
  const found = [...registry.services.values()].filter((s) => s.name === name && s.namespace !== namespace);
  if (found.length === 0) return "";
  return ` A Service ${name} exists in namespace ${found.map((s) => s.namespace).join(", ")}: a short name is expanded with the VirtualService's namespace (${vsNamespace}), so write ${name}.${found[0]?.namespace}${CLUSTER_SUFFIX}.`;
}

interface Destination {
  host: string;
  subset: string | null;
  /** The `destination` mapping. */
  field: FieldPath;
}

/** Every destination a VirtualService names: HTTP, TCP and TLS routes, and mirrors. */
function destinationsOf(vs: VirtualServiceDecl): Destination[] {
  const routed = (routes: readonly (HttpRoute | L4Route)[]) =>
    routes.flatMap((route) =>
      route.route.map((d, j) => ({
        host: d.host,
        subset: d.subset,
        field: [...route.field, "route", j, "destination"],
      })),
    );
  const mirrored = vs.http.flatMap((route) =>
    route.mirrors.map((m) => ({ host: m.host, subset: m.subset, field: m.field })),
  );
  const all = [...routed(vs.http), ...mirrored, ...routed(vs.tcp), ...routed(vs.tls)];
  // A destination without host reads as ".<namespace>.svc...": the schema check reports it.
  return all.filter((d) => !d.host.startsWith(".") && !d.host.includes("*"));
}

/** IST0101 for destination hosts and host+subset pairs; hosts of mesh VirtualServices as well. */
function lintReferences(
  ctx: ReconcileContext,
  vss: readonly VirtualServiceDecl[],
  decls: MeshDecls,
  registry: Registry,
): void {
  for (const vs of vss) {
    const { object } = vs;
    for (const d of destinationsOf(vs)) {
      if (!inRegistry(registry, d.host)) {
        report(
          ctx,
          object,
          "istio-host-unknown",
          `VirtualService ${object.name}: destination ${d.host} is neither a Service nor a ServiceEntry host, so Envoy has no cluster for it and answers 503 (istioctl analyze IST0101 ReferencedResourceNotFound: host).${elsewhere(registry, d.host, object.namespace)}`,
          [...d.field, "host"],
        );
        continue;
      }
      if (d.subset === null) continue;
      const rules = decls.destinationRules.filter((dr) => istioHostMatches(dr.host, d.host));
      if (rules.some((dr) => dr.subsets.some((s) => s.name === d.subset))) continue;
      const defined = rules.map(
        (dr) => `${dr.object.name} defines ${dr.subsets.map((s) => s.name).join(", ") || "no subsets"}`,
      );
      report(
        ctx,
        object,
        "istio-subset-missing",
        `VirtualService ${object.name}: no DestinationRule for ${d.host} defines subset ${d.subset}${defined.length > 0 ? ` (DestinationRule ${defined.join("; ")})` : ""}, so the route points at an Envoy cluster that does not exist and gets 503 NC (istioctl analyze IST0101 ReferencedResourceNotFound: host+subset).`,
        [...d.field, "subset"],
      );
    }
    // A sidecar only applies a VirtualService to names its clients resolve: a cluster name that
    // is no Service never is (istioctl has no check for this one).
    if (!vs.gateways.includes("mesh")) continue;
    vs.hosts.forEach((host, i) => {
      if (host.includes("*") || !host.endsWith(CLUSTER_SUFFIX) || inRegistry(registry, host)) return;
      report(
        ctx,
        object,
        "istio-host-unknown",
        `VirtualService ${object.name}: host ${host} names no Service, so no client resolves it and sidecars never apply these routes.${elsewhere(registry, host, object.namespace)}`,
        ["spec", "hosts", i],
      );
    });
  }
}

/** Pod labels as istiod sees them on endpoints: plus the node's topology labels (IST0173's fix for them). */
function endpointLabels(pod: SimPod, nodeLabels: ReadonlyMap<string, Record<string, string>>) {
  const node = nodeLabels.get(pod.nodeName) ?? {};
  const topology = [
    "topology.kubernetes.io/region",
    "topology.kubernetes.io/zone",
    "topology.istio.io/subzone",
  ];
  const out: Record<string, string> = { ...pod.labels, "kubernetes.io/hostname": pod.nodeName };
  for (const key of topology) if (node[key] !== undefined) out[key] = node[key] as string;
  return out;
}

function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/**
 * IST0173, for subsets a route sends traffic to: a subset no route uses costs nothing (Bookinfo's
 * destination-rule-all.yaml names versions most installs never run).
 */
function lintSubsetPods(
  ctx: ReconcileContext,
  vss: readonly VirtualServiceDecl[],
  decls: MeshDecls,
  registry: Registry,
  pods: readonly SimPod[],
): void {
  const routedFrom = new Map<string, string[]>();
  for (const vs of vss) {
    for (const d of destinationsOf(vs)) {
      if (d.subset === null) continue;
      const key = `${d.host}|${d.subset}`;
      const names = routedFrom.get(key) ?? [];
      if (!names.includes(vs.object.name)) names.push(vs.object.name);
      routedFrom.set(key, names);
    }
  }
  const podLabels = indexPodLabels(pods);
  const nodeLabels = new Map(
    ctx.manifest.objects
      .filter((o) => o.kind === "Node")
      .map((o) => [o.name, stringMap(record(o.body.metadata).labels)] as const),
  );
  for (const dr of decls.destinationRules) {
    const service = registry.services.get(dr.host);
    const selector = service?.selector;
    if (!service || !selector || isAssumed(dr.object.source)) continue;
    const behind = podLabels.select(service.namespace, selector);
    // No pods at all is the Service's problem, reported as selector-matches-nothing.
    if (behind.length === 0) continue;
    for (const subset of dr.subsets) {
      const users = routedFrom.get(`${dr.host}|${subset.name}`);
      if (!users || behind.some((p) => selectorMatches(subset.labels, endpointLabels(p, nodeLabels))))
        continue;
      const seen = Object.keys(subset.labels).map(
        (k) => `${k}: ${[...new Set(behind.map((p) => p.labels[k] ?? "(unset)"))].join(", ")}`,
      );
      report(
        ctx,
        dr.object,
        "istio-subset-empty",
        `DestinationRule ${dr.object.name}: subset ${subset.name} (${labelsText(subset.labels)}) selects none of the ${behind.length === 1 ? "pod" : `${behind.length} pods`} behind Service ${service.name} (${seen.join("; ")}), and VirtualService ${users.join(", ")} routes to it: those requests get 503 UH, no healthy upstream (istioctl analyze IST0173 DestinationRuleSubsetNotSelectPods).`,
        ["spec", "subsets", subset.index, "labels"],
      );
    }
  }
}

/** IST0101 for a Gateway's selector: pods in any namespace (semantics 4.5). */
function lintGatewaySelectors(ctx: ReconcileContext, decls: MeshDecls, pods: readonly SimPod[]): void {
  for (const gw of decls.gateways) {
    if (isAssumed(gw.object.source) || pods.some((p) => selectorMatches(gw.selector, p.labels))) continue;
    report(
      ctx,
      gw.object,
      "istio-gateway-no-pods",
      `Gateway ${gw.object.name}: selector ${labelsText(gw.selector) || "{}"} matches no pod in any namespace, so no gateway proxy serves its servers (istioctl analyze IST0101 ReferencedResourceNotFound: selector).`,
      ["spec", "selector"],
    );
  }
}

/** Namespaces whose sidecars see a VirtualService (exportTo); null: every namespace. */
function visibleIn(vs: VirtualServiceDecl): Set<string> | null {
  if (!vs.exportTo || vs.exportTo.length === 0 || vs.exportTo.includes("*")) return null;
  return new Set(vs.exportTo.filter((e) => e !== "~").map((e) => (e === "." ? vs.object.namespace : e)));
}

function overlap(a: Set<string> | null, b: Set<string> | null): boolean {
  if (a === null) return b === null || b.size > 0;
  if (b === null) return a.size > 0;
  return [...a].some((ns) => b.has(ns));
}

/**
 * IST0109: sidecars (`mesh`) keep the oldest VirtualService for a host and drop later ones as a
 * duplicate domain (semantics 4.3). Gateways merge VirtualServices for one host instead, so
 * gateway-only ones never conflict.
 */
function lintHostConflicts(ctx: ReconcileContext, vss: readonly VirtualServiceDecl[]): void {
  const claimed = new Map<string, VirtualServiceDecl[]>();
  for (const vs of vss) {
    if (!vs.gateways.includes("mesh")) continue;
    const visible = visibleIn(vs);
    new Set(vs.hosts).forEach((host) => {
      const earlier = (claimed.get(host) ?? []).find((o) => overlap(visibleIn(o), visible));
      claimed.set(host, [...(claimed.get(host) ?? []), vs]);
      if (!earlier) return;
      report(
        ctx,
        vs.object,
        "istio-vs-conflict",
        `VirtualService ${vs.object.name}: VirtualService ${earlier.object.namespace}/${earlier.object.name} also routes ${host} for sidecars; istiod keeps the oldest (ties by namespace/name) and drops this one's routes for ${host} (istioctl analyze IST0109 ConflictingMeshGatewayVirtualServiceHosts).`,
        ["spec", "hosts", vs.hosts.indexOf(host)],
      );
    });
  }
}

/** IST0130: a route behind one that takes all its requests is never used. */
function lintUnreachableRoutes(ctx: ReconcileContext, vss: readonly VirtualServiceDecl[]): void {
  for (const vs of vss) {
    const { object } = vs;
    const name = (r: VirtualServiceDecl["http"][number]) =>
      `${r.index + 1}${r.name ? ` "${r.name}"` : ""} (line ${locateField(ctx.manifest, object, r.field).line})`;
    for (const { route, by } of shadowedRoutes(vs.http)) {
      const [first] = by;
      const one = by.length === 1;
      const why =
        one && first && matchesEverything(first)
          ? `route ${name(first)} before it matches every request`
          : `${one ? "route" : "routes"} ${by.map(name).join(", ")} before it already match${one ? "es" : ""} every request it would`;
      report(
        ctx,
        object,
        "istio-route-unreachable",
        `VirtualService ${object.name}: route ${route.index + 1}${route.name ? ` "${route.name}"` : ""} can never match: ${why}, and Envoy takes the first route that matches (istiod validation IST0130 VirtualServiceUnreachableRule).`,
        route.field,
      );
    }
  }
}

/**
 * Checks of the mesh configuration against the reconciled cluster, like `istioctl analyze`
 * offline. Runs only when the mesh is in use (istiod runs); objects of assumed files are not
 * the user's to fix and are not checked.
 */
export function lintMesh(
  ctx: ReconcileContext,
  decls: MeshDecls,
  cluster: Pick<Cluster, "pods" | "services" | "mesh">,
  namespaceLabels: ReadonlyMap<string, Record<string, string>>,
): void {
  const { mesh } = cluster;
  if (!mesh) return;
  const registry = registryOf(decls, cluster.services);
  // The order istiod resolves conflicts in, as buildMesh put it.
  const rank = new Map(mesh.virtualServices.map((v, i) => [`${v.ref.namespace}/${v.ref.name}`, i]));
  const at = (vs: VirtualServiceDecl) => rank.get(`${vs.object.namespace}/${vs.object.name}`) ?? 0;
  const vss = decls.virtualServices
    .filter((vs) => !isAssumed(vs.object.source))
    .sort((a, b) => at(a) - at(b));
  lintReferences(ctx, vss, decls, registry);
  lintSubsetPods(ctx, vss, decls, registry, cluster.pods);
  lintGatewaySelectors(ctx, decls, cluster.pods);
  lintHostConflicts(ctx, vss);
  lintUnreachableRoutes(ctx, vss);
  lintMeshWorkloads(ctx, decls, cluster.pods, cluster.services, {
    rootNamespace: mesh.rootNamespace,
    namespaceLabels,
  });
}
