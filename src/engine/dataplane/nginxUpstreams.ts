/**
 * The backends ingress-nginx balances over, written out as nginx `upstream` blocks. The real
 * controller keeps them in Lua (configuration.backends, balanced by balancer.lua behind the one
 * `upstream_balancer`); here they are spelled out so a reader sees which pods a location reaches.
 */
import type { IngressNginx, IngressRef } from "../ingressModel";
import { type IngressBackend, portRefText } from "../kinds/ingress";
import type { CanaryRules, NginxAnnotations } from "../kinds/nginxAnnotations";
import type { Cluster, SimEndpoint, SimService, SimServicePort } from "../model";
import { endpointString } from "./chainNames";

export type ServiceBackend = Extract<IngressBackend, { kind: "service" }>;

/** The controller's own default backend: nginx answers 404 itself on this internal server. */
export const DEFAULT_UPSTREAM = "upstream-default-backend";
const DEFAULT_BACKEND_ADDRESS = "127.0.0.1:8181";
const NO_ENDPOINTS = "# no ready endpoints: requests get 503";

interface CanaryOf {
  mainline: string;
  ingress: IngressRef;
  rules: CanaryRules | null;
  affinityCookie: string | null;
}

interface Upstream {
  name: string;
  namespace: string;
  backend: ServiceBackend;
  /** Of the first Ingress that names the backend: the one ingress-nginx builds the upstream from. */
  annotations: NginxAnnotations;
  /** Set when this upstream is some location's canary. */
  canaryOf: CanaryOf[];
  /** Canary upstreams of this one (ingress-nginx's alternativeBackends). */
  alternatives: string[];
}

/** `<namespace>-<service>-<port>`, the port as the Ingress names it (ingress-nginx upstreamName). */
export function upstreamName(namespace: string, backend: ServiceBackend): string {
  return `${namespace}-${backend.name}-${portRefText(backend.port)}`;
}

/** Every Service backend a location or canary uses, once each, sorted by name like the controller's. */
export function collectUpstreams(ingress: IngressNginx): Upstream[] {
  const byName = new Map<string, Upstream>();
  const add = (namespace: string, backend: ServiceBackend, annotations: NginxAnnotations) => {
    const name = upstreamName(namespace, backend);
    let upstream = byName.get(name);
    if (!upstream) {
      upstream = { name, namespace, backend, annotations, canaryOf: [], alternatives: [] };
      byName.set(name, upstream);
    }
    return upstream;
  };
  for (const server of ingress.servers) {
    for (const location of server.locations) {
      if (location.backend?.kind !== "service") continue;
      const main = add(location.ingress.namespace, location.backend, location.annotations);
      const canary = location.canary;
      if (canary?.backend.kind !== "service") continue;
      const alt = add(canary.ingress.namespace, canary.backend, canary.annotations);
      if (!main.alternatives.includes(alt.name)) main.alternatives.push(alt.name);
      if (!alt.canaryOf.some((c) => c.mainline === main.name)) {
        alt.canaryOf.push({
          mainline: main.name,
          ingress: canary.ingress,
          rules: canary.rules,
          affinityCookie: canary.annotations.affinityCookie,
        });
      }
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function renderUpstreams(ingress: IngressNginx, cluster: Cluster): string[] {
  const lines = [
    "# Every location proxies to upstream_balancer; Lua (balancer.balance) then picks an endpoint of",
    "# the upstream named by $proxy_upstream_name, round robin unless an annotation says otherwise.",
    "# The upstreams list the Services' ready pods: ingress-nginx bypasses ClusterIPs and kube-proxy.",
    "upstream upstream_balancer {",
    "    server 0.0.0.1;  # placeholder: balancer_by_lua_block chooses the real endpoint",
    "    balancer_by_lua_block {",
    "        balancer.balance()",
    "    }",
    "}",
    "",
    "# The controller's own default backend: nginx answers 404 for anything no Ingress claims.",
    `upstream ${DEFAULT_UPSTREAM} {`,
    `    server ${DEFAULT_BACKEND_ADDRESS};`,
    "}",
  ];
  for (const upstream of collectUpstreams(ingress)) lines.push("", ...renderUpstream(upstream, cluster));
  return lines;
}

function renderUpstream(upstream: Upstream, cluster: Cluster): string[] {
  const { namespace, backend, annotations } = upstream;
  const service = cluster.services.find((s) => s.namespace === namespace && s.name === backend.name);
  const port = service?.ports.find((p) =>
    "number" in backend.port ? p.port === backend.port.number : p.name === backend.port.name,
  );
  const head: string[] = [];
  const body: string[] = [];
  if (!service || !port) {
    head.push(
      service
        ? `# Service ${namespace}/${backend.name} has no port ${portRefText(backend.port)}.`
        : `# Service ${namespace}/${backend.name} does not exist.`,
    );
    body.push(NO_ENDPOINTS);
  } else {
    head.push(`# Service ${namespace}/${service.name} port ${port.port}${targetText(port)}.`);
    body.push(...balancing(annotations), ...serverLines(service, port, annotations, cluster));
  }
  for (const canary of upstream.canaryOf) head.push(...canaryComment(canary));
  for (const alt of upstream.alternatives) head.push(`# Canary (alternative backend): ${alt}, see below.`);
  return [...head, `upstream ${upstream.name} {`, ...body.map((l) => `    ${l}`), "}"];
}

function targetText(port: SimServicePort): string {
  return port.targetPort === port.port ? "" : ` -> targetPort ${port.targetPort}`;
}

/** How balancer.lua chooses among the servers: upstream-hash-by and affinity replace round robin. */
function balancing(annotations: NginxAnnotations): string[] {
  const lines: string[] = [];
  if (annotations.affinityCookie) {
    lines.push(
      `# affinity: cookie ${annotations.affinityCookie} pins a client to the endpoint it first got.`,
    );
  }
  if (annotations.upstreamHashBy)
    lines.push(`hash ${annotations.upstreamHashBy} consistent;  # upstream-hash-by`);
  return lines;
}

/**
 * The `server` lines: the Service's ready pod endpoints, because ingress-nginx reads
 * EndpointSlices and bypasses the ClusterIP; with service-upstream, the ClusterIP alone.
 */
function serverLines(
  service: SimService,
  port: SimServicePort,
  annotations: NginxAnnotations,
  cluster: Cluster,
): string[] {
  if (service.type === "ExternalName" && service.externalName) {
    // The controller resolves the name through DNS and connects to it (ingress-nginx supports ExternalName).
    const target = typeof port.targetPort === "number" ? port.targetPort : port.port;
    return [`server ${service.externalName}:${target};  # ExternalName Service`];
  }
  if (annotations.serviceUpstream && service.clusterIP) {
    return [
      `server ${endpointString(service.clusterIP, port.port)};  # service-upstream: the ClusterIP, kube-proxy picks the pod`,
    ];
  }
  const all = (cluster.endpoints[service.key] ?? []).find((e) => e.portIndex === port.index)?.endpoints ?? [];
  const lines = all.map((e) =>
    e.ready
      ? `server ${endpointString(e.ip, e.port)};${podComment(e, cluster)}`
      : `# ${endpointString(e.ip, e.port)}${podName(e, cluster)} is not ready: left out`,
  );
  if (!all.some((e) => e.ready)) lines.push(NO_ENDPOINTS);
  return lines;
}

function podOf(endpoint: SimEndpoint, cluster: Cluster) {
  return endpoint.podKey ? cluster.pods.find((p) => p.key === endpoint.podKey) : undefined;
}

function podComment(endpoint: SimEndpoint, cluster: Cluster): string {
  const pod = podOf(endpoint, cluster);
  return pod ? `  # ${pod.name}` : "";
}

function podName(endpoint: SimEndpoint, cluster: Cluster): string {
  const pod = podOf(endpoint, cluster);
  return pod ? ` (${pod.name})` : "";
}

/** The canary rules, in the order balancer.lua tries them (semantics 3.4). */
function canaryComment(canary: CanaryOf): string[] {
  const lines = [
    `# Canary of ${canary.mainline} (Ingress ${canary.ingress.namespace}/${canary.ingress.name}), per request in balancer.lua's order:`,
  ];
  if (canary.affinityCookie)
    lines.push(`#   a client pinned by cookie ${canary.affinityCookie} stays where it is`);
  const rules = canary.rules;
  if (rules?.byHeader) {
    const header = rules.byHeader;
    if (rules.byHeaderValue !== null) lines.push(`#   header ${header}: "${rules.byHeaderValue}" -> canary`);
    else if (rules.byHeaderPattern !== null)
      lines.push(`#   header ${header} matching /${rules.byHeaderPattern}/ -> canary`);
    else lines.push(`#   header ${header}: "always" -> canary, "never" -> main`);
  }
  if (rules?.byCookie)
    lines.push(`#   cookie ${rules.byCookie}: "always" -> canary, "never" -> ${canary.mainline}`);
  lines.push(
    rules?.weight
      ? `#   otherwise ${rules.weight} of ${rules.weightTotal} requests -> canary, the rest -> main`
      : "#   otherwise -> main (no canary-weight)",
  );
  return lines;
}
