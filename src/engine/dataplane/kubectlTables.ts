import type { Cluster, SimPod, SimService } from "../model";
import { endpointString } from "./chainNames";
import { compareText } from "./proxyNode";
import { alignColumns } from "./tabwriter";

/**
 * `kubectl get svc,pods,endpoints -o wide` for the simulated cluster, cell by cell as kubectl's
 * printers do (pkg/printers/internalversion/printers.go: printService, printPod, printEndpoints).
 * With several kinds kubectl prefixes names with the kind and separates the tables with a blank
 * line; with objects in several namespaces the tables get kubectl -A's NAMESPACE column.
 */
export interface KubectlOptions {
  /** The AGE column: the simulation has no clock, so every object shows the same age. */
  age?: string;
  /**
   * One object, as `kubectl get svc,endpoints NAME -o wide` (a Service) or `kubectl get pod NAME
   * -o wide` (a Pod) prints it.
   */
  only?: { kind: "Service" | "Pod"; namespace: string; name: string };
}

interface Table {
  kind: string;
  headers: string[];
  rows: { namespace: string; name: string; cells: string[] }[];
}

const byName = <T extends { namespace: string; name: string }>(a: T, b: T) =>
  compareText(a.namespace, b.namespace) || compareText(a.name, b.name);

/** getServiceExternalIP (wide): externalIPs, load balancer addresses (sorted, like kubectl's set), or a placeholder. */
function externalIP(s: SimService): string {
  if (s.type === "ExternalName") return s.externalName ?? "";
  if (s.type === "LoadBalancer") {
    const all = [...[...new Set(s.loadBalancerIPs)].sort(compareText), ...s.externalIPs];
    return all.length > 0 ? all.join(",") : "<pending>";
  }
  return s.externalIPs.length > 0 ? s.externalIPs.join(",") : "<none>";
}

function serviceCells(s: SimService, age: string): string[] {
  const ports = s.ports
    .map((p) => (p.nodePort !== null ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`))
    .join(",");
  // labels.FormatLabels: keys sorted, `<none>` when empty.
  const selector = Object.keys(s.selector ?? {})
    .sort(compareText)
    .map((k) => `${k}=${s.selector?.[k]}`)
    .join(",");
  const clusterIP = s.headless ? "None" : (s.clusterIP ?? "<none>");
  return [s.type, clusterIP, externalIP(s), ports || "<none>", age, selector || "<none>"];
}

function podCells(p: SimPod, age: string): string[] {
  const total = p.containers.length;
  // A simulated pod is scheduled and running; "not ready" means its readiness probe fails.
  return [
    `${p.ready ? total : 0}/${total}`,
    "Running",
    "0",
    age,
    p.ip || "<none>",
    p.nodeName || "<none>",
    "<none>",
    "<none>",
  ];
}

/**
 * formatEndpoints: ready addresses port by port, at most three, then "+ N more...". `<none>` when
 * the object has no subsets at all; an empty cell when every address is not ready.
 */
function endpointsCell(cluster: Cluster, s: SimService): string {
  const ports = cluster.endpoints[s.key] ?? [];
  if (ports.every((p) => p.endpoints.length === 0)) return "<none>";
  const all = ports.flatMap((p) =>
    p.endpoints.filter((e) => e.ready).map((e) => endpointString(e.ip, e.port)),
  );
  const shown = all.slice(0, 3).join(",");
  return all.length > 3 ? `${shown} + ${all.length - 3} more...` : shown;
}

/** The Endpoints objects that exist: the controller's for Services with a selector, or the user's own. */
function hasEndpointsObject(cluster: Cluster, s: SimService): boolean {
  if (s.type === "ExternalName") return false;
  if (s.selector !== null) return true;
  return (cluster.endpoints[s.key] ?? []).some((p) => p.origin.kind === "Endpoints");
}

export function renderKubectlGet(cluster: Cluster, options: KubectlOptions = {}): string {
  const age = options.age ?? "5m";
  const { only } = options;
  const keep = (kind: "Service" | "Pod") => (o: { namespace: string; name: string }) =>
    !only || (only.kind === kind && o.namespace === only.namespace && o.name === only.name);
  const services = cluster.services.filter(keep("Service")).sort(byName);
  const tables: Table[] = [
    {
      kind: "service",
      headers: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"],
      rows: services.map((s) => ({ ...s, cells: serviceCells(s, age) })),
    },
    {
      kind: "pod",
      headers: [
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
        "IP",
        "NODE",
        "NOMINATED NODE",
        "READINESS GATES",
      ],
      rows: cluster.pods
        .filter(keep("Pod"))
        .sort(byName)
        .map((p) => ({ ...p, cells: podCells(p, age) })),
    },
    {
      kind: "endpoints",
      headers: ["NAME", "ENDPOINTS", "AGE"],
      rows: services
        .filter((s) => hasEndpointsObject(cluster, s))
        .map((s) => ({ ...s, cells: [endpointsCell(cluster, s), age] })),
    },
  ].filter((t) => t.rows.length > 0);
  if (tables.length === 0) return "No resources found in default namespace.";
  const namespaces = new Set(tables.flatMap((t) => t.rows.map((r) => r.namespace)));
  const allNamespaces = namespaces.size > 1;
  // kubectl names rows kind/name only when it prints several kinds.
  const prefix = tables.length > 1;
  return tables
    .map((t) => {
      const head = allNamespaces ? ["NAMESPACE", ...t.headers] : t.headers;
      const rows = t.rows.map((r) => [
        ...(allNamespaces ? [r.namespace] : []),
        prefix ? `${t.kind}/${r.name}` : r.name,
        ...r.cells,
      ]);
      return alignColumns([head, ...rows]).join("\n");
    })
    .join("\n\n");
}
