/**
 * Route configurations, as `istioctl proxy-config routes` shows them: per configuration its
 * virtual hosts (which Host headers they take) and their routes in the order Envoy tries them.
 */
import type { SimService, SimServicePort } from "../model";
import { virtualServiceFor } from "../route/meshMatch";
import { type EnvoyProxy, envoyClusterName, isHttpPort, proxiedServices, serviceFqdn } from "./envoyCommon";
import { gatewayRouteConfigs } from "./envoyGatewayRoutes";
import { unmatchedCluster } from "./envoyListeners";
import {
  byName,
  type RouteConfig,
  type RouteScope,
  routeLines,
  type VirtualHost,
  vsRoutes,
} from "./envoyRoutes";

function renderVirtualHost(vh: VirtualHost): string[] {
  const head = [`  virtual host ${vh.name}`, `    domains: ${vh.domains.join(", ")}`];
  const notes = vh.notes.map((n) => `    # ${n}`);
  return [...head, ...notes, ...routeLines(vh.routes, "    ")];
}

export function renderRoutes(proxy: EnvoyProxy): string[] {
  const configs = proxy.role === "sidecar" ? sidecarRouteConfigs(proxy) : gatewayRouteConfigs(proxy);
  const intro = [
    ...(proxy.role === "sidecar"
      ? [
          "# Envoy takes the virtual host whose domains hold the request's Host (ignore_port_in_host_matching:",
          "# a :port in it does not matter), then the first of its routes that matches; none: 404 (NR).",
        ]
      : [
          "# Envoy takes the virtual host whose domains hold the request's Host (host:* also takes a Host",
          "# with a :port), then the first of its routes that matches; none: 404 (NR).",
        ]),
    "# Istio's defaults, for a route that sets no timeout or retries: no timeout; 2 retries (up to",
    "# 3 tries) on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes.",
  ];

  if (configs.length === 0) return [...intro, "", "# No route configuration: no HTTP listener."];
  return [
    ...intro,
    ...configs.flatMap(({ name, listener, hosts }) => [
      "",
      `route configuration ${name} (listener 0.0.0.0:${listener})`,
      ...hosts.flatMap(renderVirtualHost),
    ]),
  ];
}

/**
 * The Host names a sidecar accepts for a Service (httproute.go generateVirtualHostDomains): the
 * full name, the shorter names its search path allows (the bare name only from the same
 * namespace), then the clusterIP. Headless Services also take `*.name` for their pods' names.
 */
function sidecarDomains(service: SimService, fqdn: string, clientNamespace: string): string[] {
  const { name, namespace } = service;
  const short =
    namespace === clientNamespace
      ? [name, `${name}.${namespace}.svc`, `${name}.${namespace}`]
      : [`${name}.${namespace}`, `${name}.${namespace}.svc`];
  const names = [fqdn, ...short];
  const wildcards = service.headless ? names.map((d) => `*.${d}`) : [];
  return [...names, ...wildcards, ...(service.clusterIP ? [service.clusterIP] : [])];
}

/** One virtual host per Service on the port: its VirtualService's routes, or the default route. */
function sidecarVirtualHost(proxy: EnvoyProxy, service: SimService, port: SimServicePort): VirtualHost {
  const { mesh, pod, cluster } = proxy;
  const fqdn = serviceFqdn(service, cluster.settings.clusterDomain);
  const vhost = { name: `${fqdn}:${port.port}`, domains: sidecarDomains(service, fqdn, pod.namespace) };
  const found = virtualServiceFor(mesh, fqdn, "mesh", pod.namespace);
  if (!found) {
    const route = { match: "prefix /", origin: "no VirtualService: the default route", action: [] };
    const action = [`→ ${envoyClusterName("outbound", port.port, null, fqdn)}`];
    return { ...vhost, notes: [], routes: [{ ...route, action }] };
  }
  const scope: RouteScope = {
    gateway: "mesh",
    port: port.port,
    source: pod,
    from: () => ({ service, port }),
  };
  const { routes, dropped } = vsRoutes(proxy, found.vs, scope);
  const notes = found.shadowed.map(
    (vs) =>
      `VirtualService ${vs.ref.namespace}/${vs.ref.name} also claims ${fqdn}; istiod drops it as a duplicate domain (the oldest VirtualService wins).`,
  );
  notes.push(...dropped);
  if (routes.length === 0)
    notes.push(
      "No route is left for this pod, so istiod leaves this virtual host out: its Host falls to the catch-all.",
    );
  return { ...vhost, notes, routes };
}

function sidecarRouteConfigs(proxy: EnvoyProxy): RouteConfig[] {
  const byPort = new Map<number, VirtualHost[]>();
  for (const service of proxiedServices(proxy.cluster)) {
    for (const port of service.ports.filter((p) => p.protocol === "TCP" && isHttpPort(p))) {
      const hosts = byPort.get(port.port) ?? [];
      hosts.push(sidecarVirtualHost(proxy, service, port));
      byPort.set(port.port, hosts);
    }
  }
  const unmatched = unmatchedCluster(proxy.mesh);
  const catchAll: VirtualHost = {
    name: unmatched === "PassthroughCluster" ? "allow_any" : "block_all",
    domains: ["*"],
    notes: ["Any other Host: outboundTrafficPolicy decides (semantics 4.7)."],
    routes: [
      {
        match: "prefix /",
        origin: "outboundTrafficPolicy",
        action: [unmatched === "PassthroughCluster" ? "→ PassthroughCluster" : "→ direct response 502"],
      },
    ],
  };
  return [...byPort.entries()]
    .sort(([a], [b]) => a - b)
    .map(([port, hosts]) => ({
      name: String(port),
      listener: port,
      hosts: [...hosts.sort(byName), catchAll],
    }));
}
