/**
 * Envoy's listeners, as `istioctl proxy-config listeners` lists them: one row per filter chain
 * (address, port, what the chain matches, where it sends the connection).
 */
import type { Mesh } from "../meshModel";
import type { SimService, SimServicePort } from "../model";
import { resolveTargetPort } from "../reconcile/buildEndpoints";
import { isTlsPort } from "../route/envoyRoute";
import { type L4Chain, l4Chains } from "../route/meshL4";
import { type EffectiveMtls, effectiveMtls } from "../route/meshPolicy";
import {
  destinationCluster,
  type EnvoyProxy,
  envoyClusterName,
  gatewayPodPort,
  gatewayRouteName,
  gatewayServerKind,
  isHttpPort,
  proxiedServices,
  serviceFqdn,
  table,
} from "./envoyCommon";

type Row = string[] | string;

const HEADER = ["ADDRESS", "PORT", "MATCH", "DESTINATION"];

/** Envoy's own listeners, on every proxy: the readiness probe and the Prometheus scrape. */
const OWN: Row[] = [
  "# Envoy's own: the readiness probe and Prometheus metrics.",
  ["0.0.0.0", "15021", "ALL", "Inline Route: /healthz/ready*"],
  ["0.0.0.0", "15090", "ALL", "Inline Route: /stats/prometheus*"],
];

export function renderListeners(proxy: EnvoyProxy): string[] {
  const rows = proxy.role === "sidecar" ? [...outbound(proxy), ...inbound(proxy)] : gatewayListeners(proxy);
  return table([HEADER, ...rows, ...OWN]);
}

/** Where a connection nothing else claims goes: out as it is, or nowhere (semantics 4.7). */
export function unmatchedCluster(mesh: Mesh): string {
  return mesh.outboundTrafficPolicy === "REGISTRY_ONLY" ? "BlackHoleCluster" : "PassthroughCluster";
}

/**
 * HTTP ports get one wildcard listener per port, shared by every Service on it and routed by Host
 * (route configuration named after the port); other ports get a listener per clusterIP:port that
 * hands the connection to one cluster.
 */
function outbound(proxy: EnvoyProxy): Row[] {
  const { cluster, mesh } = proxy;
  const unmatched = unmatchedCluster(mesh);
  const rows: Row[] = [
    "# virtualOutbound: istio-init redirects every outbound TCP connection of the pod here; Envoy hands",
    `# it to the listener for its original destination below, or to ${unmatched} when none matches.`,
    ["0.0.0.0", "15001", "ALL", unmatched],
  ];
  const listeners: { port: number; address: string; rows: Row[] }[] = [];
  const httpPorts = new Set<number>();
  for (const service of proxiedServices(cluster)) {
    for (const port of service.ports) {
      if (port.protocol !== "TCP") continue;
      if (isHttpPort(port)) {
        if (httpPorts.has(port.port)) continue;
        httpPorts.add(port.port);
        listeners.push({
          port: port.port,
          address: "0.0.0.0",
          rows: [
            ["0.0.0.0", String(port.port), "HTTP (http/1.1, h2c)", `Route: ${port.port}`],
            ["0.0.0.0", String(port.port), "anything else", unmatched],
          ],
        });
        continue;
      }
      const address = service.clusterIP ?? "(each pod IP)";
      listeners.push({ port: port.port, address, rows: l4Rows(proxy, service, port, address) });
    }
  }
  listeners.sort(
    (a, b) => a.port - b.port || (a.address === "0.0.0.0" ? -1 : a.address < b.address ? -1 : 1),
  );
  return [...rows, ...listeners.flatMap((l) => l.rows)];
}

function chainMatch(chain: L4Chain, serviceCidrs: readonly string[]): string {
  const parts: string[] = [];
  if (chain.subnets.join() !== serviceCidrs.join()) parts.push(`Addr: ${chain.subnets.join(", ")}`);
  if (chain.sniHosts.length > 0) parts.push(`SNI: ${chain.sniHosts.join(", ")}`);
  return parts.join("; ") || "ALL";
}

/** tcp_proxy's cluster, or its weighted clusters (istiod leaves weight-0 destinations out). */
function chainDestination(
  proxy: EnvoyProxy,
  chain: L4Chain,
  from: { service: SimService; port: SimServicePort },
) {
  const fqdn = serviceFqdn(from.service, proxy.cluster.settings.clusterDomain);
  const route = chain.route?.route ?? [];
  if (route.length === 0) return `Cluster: ${envoyClusterName("outbound", from.port.port, null, fqdn)}`;
  const kept = route.length > 1 ? route.filter((d) => d.weight > 0) : route;
  const named = (d: (typeof route)[number]) => {
    const c = destinationCluster(proxy, d, from);
    return c.missing ? `${c.name} (no such cluster: ${c.missing})` : c.name;
  };
  if (kept.length === 1 && kept[0]) return `Cluster: ${named(kept[0])}`;
  const total = kept.reduce((sum, d) => sum + d.weight, 0);
  return `WeightedClusters: ${kept.map((d) => `${Math.round((d.weight / total) * 1000) / 10}% ${named(d)}`).join(", ")}`;
}

/**
 * A non-HTTP Service port: one filter chain per tcp (or, on a TLS port, tls) route that applies to
 * this pod, matched by destination address and SNI, as the routing picks them (route/meshL4.ts).
 */
function l4Rows(proxy: EnvoyProxy, service: SimService, port: SimServicePort, address: string): Row[] {
  const scope = {
    mesh: proxy.mesh,
    host: serviceFqdn(service, proxy.cluster.settings.clusterDomain),
    port: port.port,
    proxy: proxy.pod,
    serviceCidrs: service.clusterIP ? [`${service.clusterIP}/32`] : [],
    tls: isTlsPort(port),
  };
  return l4Chains(scope).flatMap((chain): Row[] => {
    const row = [
      address,
      String(port.port),
      chainMatch(chain, scope.serviceCidrs),
      chainDestination(proxy, chain, { service, port }),
    ];
    if (!chain.vs || !chain.route) return [row];
    const block = chain.block >= 0 && chain.route.match.length > 1 ? `, match ${chain.block + 1}` : "";
    const origin = `# ${chain.route.protocol} route ${chain.route.index + 1} of VirtualService ${chain.vs.ref.namespace}/${chain.vs.ref.name}${block}:`;
    return [origin, row];
  });
}

/** The pod's own ports: targetPorts of the Services that select it, and its containers' ports. */
export function inboundPorts(proxy: EnvoyProxy): number[] {
  const { pod, cluster } = proxy;
  const ports = new Set<number>();
  for (const service of cluster.services) {
    if (service.namespace !== pod.namespace || !service.selector) continue;
    if (!Object.entries(service.selector).every(([k, v]) => pod.labels[k] === v)) continue;
    for (const port of service.ports) {
      const target = port.protocol === "TCP" ? resolveTargetPort(pod, port) : null;
      if (target !== null) ports.add(target);
    }
  }
  for (const container of pod.containers.filter((c) => c.name !== "istio-proxy"))
    for (const p of container.ports) if (p.protocol === "TCP") ports.add(p.containerPort);
  return [...ports].sort((a, b) => a - b);
}

function mtlsText(m: EffectiveMtls): string {
  const what = {
    STRICT: "mTLS only, a plaintext connection is reset",
    PERMISSIVE: "mTLS or plaintext",
    DISABLE: "plaintext only",
  }[m.mode];
  const by = m.policy
    ? `PeerAuthentication ${m.policy.ref.namespace}/${m.policy.ref.name}, ${m.scope === "port" ? "port level" : `${m.scope}-wide`}`
    : "no PeerAuthentication applies: Istio's default";
  return `${m.mode} (${what}; ${by})`;
}

/** A TLS chain unless mTLS is disabled, a plaintext chain unless it is STRICT. */
function inboundChains(match: string, destination: string, mode: EffectiveMtls["mode"]): Row[] {
  const rows: Row[] = [];
  if (mode !== "DISABLE") rows.push(["0.0.0.0", "15006", `${match}; Trans: tls (mTLS)`, destination]);
  if (mode !== "STRICT") rows.push(["0.0.0.0", "15006", `${match}; Trans: raw_buffer`, destination]);
  return rows;
}

/** virtualInbound: per pod port, the filter chains PeerAuthentication allows (route/meshInbound.ts). */
function inbound(proxy: EnvoyProxy): Row[] {
  const { mesh, pod } = proxy;
  const rows: Row[] = [
    "# virtualInbound: istio-init redirects every inbound TCP connection of the pod here; Envoy picks a",
    "# filter chain by destination port and transport (mTLS or plaintext) and passes it to the app.",
  ];
  for (const port of inboundPorts(proxy)) {
    const m = effectiveMtls(mesh, pod, port);
    rows.push(
      `# Port ${port}: ${mtlsText(m)}.`,
      ...inboundChains(`Addr: *:${port}`, `Cluster: ${envoyClusterName("inbound", port, null, "")}`, m.mode),
    );
  }
  // No port-level setting can apply to a port the pod does not declare, so any number will do here.
  const other = effectiveMtls(mesh, pod, -1);
  rows.push(
    `# Other ports: ${mtlsText(other)}.`,
    ...inboundChains("Addr: any other port", "InboundPassthroughCluster", other.mode),
  );
  return rows;
}

/** A gateway pod has no iptables redirect: it listens on the ports of the Gateway servers it runs. */
function gatewayListeners(proxy: EnvoyProxy): Row[] {
  const { cluster, pod } = proxy;
  const rows: Row[] = [
    "# No istio-init redirect here (no 15001/15006): clients connect to the server ports.",
  ];
  const seen = new Set<string>();
  for (const gateway of proxy.gateways) {
    for (const server of gateway.servers) {
      const podPort = gatewayPodPort(cluster, pod, server);
      const kind = gatewayServerKind(server);
      const mapped = podPort === server.port ? "" : ` (pod port ${podPort})`;
      const tls = server.httpsRedirect
        ? ", tls.httpsRedirect"
        : server.tlsMode
          ? `, tls ${server.tlsMode}${server.credentialName ? ` with credentialName ${server.credentialName}` : ""}`
          : "";
      rows.push(
        `# Gateway ${gateway.ref.namespace}/${gateway.ref.name} server ${server.index + 1}: port ${server.port}${mapped} ${server.protocol}, hosts ${server.hosts.join(", ")}${tls}.`,
      );
      const row = [
        "0.0.0.0",
        String(podPort),
        kind === "http" ? "ALL" : `SNI: ${server.hosts.join(", ")}`,
        kind === "tcp" ? "TCP/TLS routes (not simulated)" : `Route: ${gatewayRouteName(gateway, server)}`,
      ];
      // Plain HTTP servers on one port share a listener and its route configuration.
      const key = row.join(" ");
      if (!seen.has(key)) rows.push(row);
      seen.add(key);
    }
  }
  if (seen.size === 0) rows.push("# No Gateway server: nothing listens for traffic.");
  return rows;
}
