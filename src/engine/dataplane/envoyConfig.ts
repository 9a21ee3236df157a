/**
 * What Envoy in one pod would be configured with: the listeners, route configurations, clusters
 * and endpoints istiod pushes to a sidecar or an ingress gateway, in the spirit of
 * `istioctl proxy-config listeners|routes|clusters|endpoints` and cut down to what routes a
 * request. It reads the same decisions the routing does (route/meshMatch.ts, meshPolicy.ts), so
 * every cluster a trace names appears here.
 */
import type { Cluster, SimPod } from "../model";
import { gatewaysOf } from "../route/meshPolicy";
import { renderClusters } from "./envoyClusters";
import type { EnvoyProxy } from "./envoyCommon";
import { renderListeners } from "./envoyListeners";
import { renderRoutes } from "./envoyVirtualHosts";

/**
 * The Envoy a pod runs, as route/deliver.ts decides: its sidecar, else the ingress gateway of the
 * Gateways that select it; or why it has none.
 */
export function envoyProxyOf(cluster: Cluster, pod: SimPod): EnvoyProxy | { error: string } {
  const { mesh } = cluster;
  const name = `${pod.namespace}/${pod.name}`;
  if (!mesh) return { error: `${name} runs no Envoy: nothing in these files uses Istio.` };
  if (pod.sidecar) return { cluster, mesh, pod, role: "sidecar", gateways: [] };
  const gateways = gatewaysOf(mesh, pod);
  if (gateways.length > 0) return { cluster, mesh, pod, role: "gateway", gateways };
  return { error: `${name} runs no Envoy: it has no istio-proxy sidecar and no Gateway selects it.` };
}

/** `namespace/pod` or `namespace/workload` (namespace `default` when omitted), like `--from`. */
export function findPod(cluster: Cluster, ref: string): SimPod | undefined {
  const [namespace, name] = ref.includes("/") ? ref.split("/", 2) : ["default", ref];
  const inNamespace = cluster.pods.filter((p) => p.namespace === namespace);
  return inNamespace.find((p) => p.name === name) ?? inNamespace.find((p) => p.workload === name);
}

function header(proxy: EnvoyProxy): string[] {
  const { pod } = proxy;
  const what =
    proxy.role === "sidecar"
      ? "its istio-proxy sidecar"
      : `the ingress gateway for ${proxy.gateways.length > 1 ? "Gateways" : "Gateway"} ${proxy.gateways.map((g) => `${g.ref.namespace}/${g.ref.name}`).join(", ")}`;
  return [
    `# Envoy in ${pod.namespace}/${pod.name}: ${what} (pod IP ${pod.ip}, node ${pod.nodeName}).`,
    "# What istiod would push to it, cut down to what routes a request. In a real cluster, compare:",
    `#   istioctl proxy-config listeners|routes|clusters|endpoints ${pod.name}.${pod.namespace}`,
    "# Left out: Envoy's own clusters (xds-grpc, sds-grpc, agent, prometheus_stats) and HTTP filters.",
  ];
}

export function renderEnvoyConfig(cluster: Cluster, pod: SimPod): string {
  const proxy = envoyProxyOf(cluster, pod);
  if ("error" in proxy) return `# ${proxy.error}\n`;
  const { clusters, endpoints } = renderClusters(proxy);
  const sections = [
    header(proxy),
    ["LISTENERS", ...renderListeners(proxy)],
    ["ROUTES", ...renderRoutes(proxy)],
    ["CLUSTERS", ...clusters],
    ["ENDPOINTS", ...endpoints],
  ];
  return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
}
