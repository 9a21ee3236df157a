/**
 * An ingress gateway's route configurations (gateway.go): plain HTTP servers on one port share
 * `http.<port>`, each TLS-terminating server has its own; the virtual hosts come from the
 * VirtualServices bound to the Gateways.
 */
import type { GatewayServer } from "../kinds/istioGateway";
import { istioHostMatches } from "../kinds/istioHost";
import type { MeshGateway, MeshVirtualService } from "../meshModel";
import {
  type EnvoyProxy,
  gatewayPodPort,
  gatewayRouteName,
  gatewayServerKind,
  serviceOfHost,
} from "./envoyCommon";
import { byName, type RouteConfig, type RouteScope, type VirtualHost, vsRoutes } from "./envoyRoutes";

type Bound = { gateway: MeshGateway; server: GatewayServer };

/** The more specific of two Istio hosts when one covers the other (a Gateway host and a VirtualService host). */
function intersect(a: string, b: string): string | null {
  if (istioHostMatches(a, b)) return b;
  if (istioHostMatches(b, a)) return a;
  return null;
}

function exportedTo(vs: MeshVirtualService, namespace: string): boolean {
  return (
    !vs.exportTo ||
    vs.exportTo.some((e) => e === "*" || e === namespace || (e === "." && vs.ref.namespace === namespace))
  );
}

const REQUIRE_TLS = "require_tls ALL (tls.httpsRedirect): plain HTTP gets 301 to https.";

/** Gateway virtual hosts keep the port in their domains, since a Host behind a load balancer may carry one. */
function gatewayDomains(host: string, port: number): string[] {
  if (host === "*") return [host];
  return [host, host.startsWith("*") ? `${host}:${port}` : `${host}:*`];
}

/**
 * Gateway routes (gateway.go): per server host and bound VirtualService host, a virtual host for
 * the more specific of the two; VirtualServices for the same host are merged, oldest first.
 */
function gatewayVirtualHosts(proxy: EnvoyProxy, servers: Bound[]): VirtualHost[] {
  const hosts = new Map<string, VirtualHost>();
  // Two servers may bring the same VirtualService to one virtual host; Envoy gets its routes once.
  const merged = new Set<string>();
  for (const { gateway, server } of servers) {
    const ref = `${gateway.ref.namespace}/${gateway.ref.name}`;
    const bound = proxy.mesh.virtualServices.filter(
      (vs) => vs.gateways.includes(ref) && exportedTo(vs, proxy.pod.namespace),
    );
    const scope: RouteScope = {
      gateway: ref,
      port: server.port,
      // The gateway pod is the proxy istiod builds these routes for: sourceLabels match its labels.
      source: proxy.pod,
      from: (route) => gatewayFrom(proxy, route.route[0]),
    };
    for (const vs of bound) {
      const { routes, dropped } = vsRoutes(proxy, vs, scope);
      const shared = server.hosts.flatMap((sh) => vs.hosts.flatMap((vh) => intersect(sh, vh) ?? []));
      for (const host of new Set(shared)) {
        const name = `${host}:${server.port}`;
        const key = `${name} ${vs.ref.namespace}/${vs.ref.name}`;
        if (merged.has(key)) continue;
        merged.add(key);
        const vhost = hosts.get(name) ?? {
          name,
          domains: gatewayDomains(host, server.port),
          notes: [],
          routes: [],
        };
        if (server.httpsRedirect && !vhost.notes.includes(REQUIRE_TLS)) vhost.notes.push(REQUIRE_TLS);
        vhost.routes.push(...routes);
        vhost.notes.push(...dropped);
        hosts.set(name, vhost);
      }
    }
  }
  return [...hosts.values()].sort(byName);
}

/** What route/istioGateway.ts hands on: the first destination's Service and port. */
function gatewayFrom(proxy: EnvoyProxy, destination: { host: string; port: number | null } | undefined) {
  const service = destination ? serviceOfHost(proxy.cluster, destination.host) : undefined;
  const port = service?.ports.find((p) => p.port === destination?.port) ?? service?.ports[0];
  return service && port ? { service, port } : null;
}

export function gatewayRouteConfigs(proxy: EnvoyProxy): RouteConfig[] {
  const groups = new Map<string, { listener: number; servers: Bound[] }>();
  for (const gateway of proxy.gateways) {
    for (const server of gateway.servers.filter((s) => gatewayServerKind(s) !== "tcp")) {
      const name = gatewayRouteName(gateway, server);
      const group = groups.get(name) ?? {
        listener: gatewayPodPort(proxy.cluster, proxy.pod, server),
        servers: [],
      };
      group.servers.push({ gateway, server });
      groups.set(name, group);
    }
  }
  return [...groups.entries()].map(([name, { listener, servers }]) => {
    const hosts = gatewayVirtualHosts(proxy, servers);
    const port = servers[0]?.server.port ?? listener;
    const blackhole: VirtualHost = {
      name: `blackhole:${port}`,
      domains: ["*"],
      notes: ["No VirtualService bound to this Gateway serves its hosts."],
      routes: [{ match: "prefix /", origin: "istiod's placeholder", action: ["→ direct response 404"] }],
    };
    return { name, listener, hosts: hosts.length > 0 ? hosts : [blackhole] };
  });
}
