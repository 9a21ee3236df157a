/**
 * Envoy's clusters and their endpoints, as `istioctl proxy-config clusters|endpoints` list them:
 * a cluster per Service port, another per DestinationRule subset, the pod's own inbound ports, and
 * the built-in passthrough and blackhole clusters.
 */
import type { LoadBalancer, TrafficPolicy } from "../kinds/destinationRule";
import type { Mesh, MeshDestinationRule } from "../meshModel";
import type { SimEndpoint, SimPod, SimService, SimServicePort } from "../model";
import { effectiveMtls } from "../route/meshPolicy";
import { type EnvoyProxy, envoyClusterName, ruleFor, serviceFqdn, table } from "./envoyCommon";
import { inboundPorts } from "./envoyListeners";

interface EnvoyCluster {
  name: string;
  type: string;
  lb: string;
  tls: string;
  rule: string;
  /** For EDS clusters: the ready endpoints it holds, with how Envoy connects to each. */
  endpoints: { endpoint: SimEndpoint; pod: SimPod | undefined; tls: string }[] | null;
}

function lbText(lb: LoadBalancer | null): string {
  if (!lb) return "LEAST_REQUEST";
  if ("simple" in lb) return lb.simple === "PASSTHROUGH" ? "CLUSTER_PROVIDED" : lb.simple;
  const by = lb.consistentHash;
  const key =
    "header" in by
      ? `header ${by.header}`
      : "cookie" in by
        ? `cookie ${by.cookie}`
        : "sourceIp" in by
          ? "source IP"
          : `query ${by.query}`;
  return `RING_HASH (${key})`;
}

/**
 * Auto mTLS unless a DestinationRule sets a mode: mTLS to pods with a sidecar, plaintext to others.
 * Anything but mesh mTLS to a STRICT port is reset by the server's sidecar (route/meshInbound.ts).
 */
function endpointTls(
  mesh: Mesh,
  mode: TrafficPolicy["tlsMode"],
  endpoint: SimEndpoint,
  pod: SimPod | undefined,
) {
  const mtls = mode === "ISTIO_MUTUAL" || (mode === null && pod?.sidecar === true);
  const text =
    mode === null
      ? mtls
        ? "mTLS (auto)"
        : "plaintext (auto: no sidecar)"
      : mtls
        ? "mTLS"
        : mode === "DISABLE"
          ? "plaintext"
          : `TLS ${mode}`;
  const strict = pod?.sidecar && effectiveMtls(mesh, pod, endpoint.port).mode === "STRICT";
  return !mtls && strict ? `${text}, reset: STRICT` : text;
}

function ruleText(
  rule: MeshDestinationRule | null,
  subset: string | null,
  policy: TrafficPolicy | null,
): string {
  if (!rule) return "-";
  const own = subset && policy ? ` subset ${subset}` : "";
  const extras = [policy?.connectionPool && "connectionPool", policy?.outlierDetection && "outlierDetection"];
  const shown = extras.filter((e): e is string => typeof e === "string");
  return `${rule.ref.namespace}/${rule.ref.name}${own}${shown.length ? ` (+${shown.join(", ")}, not simulated)` : ""}`;
}

function outboundClusters(proxy: EnvoyProxy, service: SimService, port: SimServicePort): EnvoyCluster[] {
  const { cluster } = proxy;
  const fqdn = serviceFqdn(service, cluster.settings.clusterDomain);
  const rule = ruleFor(proxy, fqdn, service.namespace);
  const ready = (cluster.endpoints[service.key] ?? [])
    .find((e) => e.portIndex === port.index)
    ?.endpoints.filter((e) => e.ready);
  const pods = new Map(cluster.pods.map((p) => [p.key, p]));
  const variants = [
    { subset: null, labels: null, policy: rule?.trafficPolicy ?? null },
    ...(rule?.subsets ?? []).map((s) => ({ subset: s.name, labels: s.labels, policy: s.trafficPolicy })),
  ];
  return variants.map(({ subset, labels, policy }) => {
    // A subset's own policy overrides the rule's field by field, as route/envoyRoute.ts reads it.
    const lb = policy?.loadBalancer ?? rule?.trafficPolicy?.loadBalancer ?? null;
    const tlsMode = policy?.tlsMode ?? rule?.trafficPolicy?.tlsMode ?? null;
    const type =
      service.type === "ExternalName"
        ? "STRICT_DNS"
        : service.headless || (lb && "simple" in lb && lb.simple === "PASSTHROUGH")
          ? "ORIGINAL_DST"
          : "EDS";
    const inSubset = (e: SimEndpoint) => {
      const pod = e.podKey ? pods.get(e.podKey) : undefined;
      return !labels || (!!pod && Object.entries(labels).every(([k, v]) => pod.labels[k] === v));
    };
    return {
      name: envoyClusterName("outbound", port.port, subset, fqdn),
      type,
      lb: type === "STRICT_DNS" ? "-" : lbText(lb),
      tls: tlsMode ?? "auto mTLS",
      rule: ruleText(rule, subset, subset ? policy : (rule?.trafficPolicy ?? null)),
      endpoints:
        type === "EDS"
          ? (ready ?? []).filter(inSubset).map((endpoint) => {
              const pod = endpoint.podKey ? pods.get(endpoint.podKey) : undefined;
              return { endpoint, pod, tls: endpointTls(proxy.mesh, tlsMode, endpoint, pod) };
            })
          : null,
    };
  });
}

function serviceEntryClusters(proxy: EnvoyProxy): EnvoyCluster[] {
  const types: Record<string, string> = { DNS: "STRICT_DNS", DNS_ROUND_ROBIN: "LOGICAL_DNS", STATIC: "EDS" };
  return proxy.mesh.serviceEntries.flatMap((se) =>
    se.hosts.flatMap((host) =>
      se.ports.map((p) => ({
        name: envoyClusterName("outbound", p.number, null, host),
        type: types[se.resolution] ?? "ORIGINAL_DST",
        lb: "LEAST_REQUEST",
        tls: "-",
        rule: `ServiceEntry ${se.ref.namespace}/${se.ref.name}`,
        endpoints: null,
      })),
    ),
  );
}

function builtInClusters(proxy: EnvoyProxy): EnvoyCluster[] {
  const plain = { lb: "-", tls: "-", rule: "-", endpoints: null };
  const blackhole = { name: "BlackHoleCluster", type: "STATIC", ...plain };
  if (proxy.role === "gateway") return [blackhole];
  return [
    blackhole,
    { name: "InboundPassthroughCluster", type: "ORIGINAL_DST", ...plain },
    { name: "PassthroughCluster", type: "ORIGINAL_DST", ...plain },
    // Since Istio 1.10 inbound traffic goes to the pod IP (from 127.0.0.6), not to localhost.
    ...inboundPorts(proxy).map((port) => ({
      name: envoyClusterName("inbound", port, null, ""),
      type: "ORIGINAL_DST",
      ...plain,
    })),
  ];
}

function allClusters(proxy: EnvoyProxy): EnvoyCluster[] {
  const outbound = proxy.cluster.services.flatMap((s) =>
    s.ports.filter((p) => p.protocol === "TCP").flatMap((p) => outboundClusters(proxy, s, p)),
  );
  const sorted = [...outbound, ...serviceEntryClusters(proxy)].sort((a, b) => {
    const [, pa, sa, ha] = a.name.split("|");
    const [, pb, sb, hb] = b.name.split("|");
    const key = (h = "", p = "", s = "") => [h, p.padStart(5, "0"), s].join("|");
    const x = key(ha, pa, sa);
    const y = key(hb, pb, sb);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return [...builtInClusters(proxy), ...sorted];
}

export function renderClusters(proxy: EnvoyProxy): { clusters: string[]; endpoints: string[] } {
  const clusters = allClusters(proxy);
  const clusterRows = table([
    ["CLUSTER", "TYPE", "LB", "TLS", "DESTINATION RULE"],
    ...clusters.map((c) => [c.name, c.type, c.lb, c.tls, c.rule]),
  ]);
  const eds = clusters.filter((c) => c.endpoints !== null);
  const rows = eds.flatMap((c) =>
    (c.endpoints ?? []).map(({ endpoint, pod, tls }) => [
      `${endpoint.ip}:${endpoint.port}`,
      "HEALTHY",
      tls,
      pod?.name ?? "-",
      c.name,
    ]),
  );
  const empty = eds.filter((c) => (c.endpoints ?? []).length === 0).map((c) => `#   ${c.name}`);
  const endpoints = [
    "# Ready pods only, filtered by the subset's labels; Envoy connects to them directly (no kube-proxy).",
    ...table([["ENDPOINT", "STATUS", "TLS", "POD", "CLUSTER"], ...rows]),
    ...(empty.length > 0 ? ["# No healthy endpoint (a request routed there gets 503 UH):", ...empty] : []),
  ];
  return { clusters: clusterRows, endpoints };
}
