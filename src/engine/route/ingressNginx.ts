import { upstreamName } from "../dataplane/nginxUpstreams";
import type { IngressNginx, NginxLocation, NginxServer } from "../ingressModel";
import { portRefText } from "../kinds/ingress";
import type { SimEndpoint, SimPod, SimService, SimServicePort } from "../model";
import { stableHash } from "../random";
import { CATCH_ALL } from "../reconcile/buildIngressNginx";
import type { Trace } from "../traceTypes";
import { deliver } from "./deliver";
import { kubeProxy } from "./kubeProxy";
import { LATENCY_MS } from "./latency";
import {
  decideCanary,
  matchLocation,
  matchServer,
  parseCookies,
  rewritePath,
  unwrittenMatch,
} from "./nginxMatch";
import { serviceHop } from "./serviceHop";
import type { TraceBuilder } from "./traceBuilder";

const controllerPods = new WeakMap<IngressNginx, Set<string>>();

/** Whether the pod is one of the ingress-nginx controller's pods (the Service's selector matches it). */
export function isControllerPod(ingress: IngressNginx, pod: SimPod): boolean {
  let keys = controllerPods.get(ingress);
  if (!keys) {
    keys = new Set();
    controllerPods.set(ingress, keys);
  }
  if (keys.has(pod.key)) return true;
  const { controller } = ingress;
  const matches =
    pod.namespace === controller.namespace &&
    Object.entries(controller.podLabels).every(([k, v]) => pod.labels[k] === v);
  if (matches) keys.add(pod.key);
  return matches;
}

function where(location: NginxLocation): string {
  const written =
    location.match === "exact"
      ? `= ${location.path}`
      : location.match === "regex"
        ? `~* "^${location.path}"`
        : location.path;
  return `location ${written}`;
}

function serverName(server: NginxServer): string {
  return server.hostname === CATCH_ALL ? "the catch-all server _" : `server ${server.hostname}`;
}

/** The controller's own hop: which server and location nginx chose, and why. */
function controllerHop(
  tb: TraceBuilder,
  pod: SimPod,
  port: number,
  explanation: string,
  location?: NginxLocation,
) {
  tb.hop({
    kind: "ingress-controller",
    name: pod.name,
    namespace: pod.namespace,
    address: `${pod.ip}:${port}`,
    nodeName: pod.nodeName,
    explanation,
    delayMs: LATENCY_MS.pod,
    ...(location
      ? {
          source: tb.index.sourceOf(
            "Ingress",
            location.ingress.namespace,
            location.ingress.name,
            location.field,
          ),
        }
      : {}),
  });
}

/**
 * nginx in a controller pod takes the request: server by Host, location by path, redirects,
 * canary, rewrite, then a pod endpoint of the backend Service chosen by nginx itself (NGX-C:
 * the controller reads EndpointSlices and bypasses the ClusterIP unless service-upstream is set).
 */
export function routeIngressNginx(tb: TraceBuilder, ingress: IngressNginx, pod: SimPod, port: number): Trace {
  const { request } = tb;
  const host = (request.headers.host ?? request.host).replace(/:\d+$/, "").toLowerCase();
  const { pathname: path, query } = request;
  const server = matchServer(ingress.servers, host);
  const location = server ? matchLocation(server, path) : null;
  const tlsText = request.scheme === "https" ? `${tlsOf(server)} ` : "";
  if (!server || !location) {
    const skipped = server ? unwrittenMatch(server, path) : null;
    const why =
      skipped?.backend?.kind === "resource"
        ? `${skipped.backend.resourceKind} ${skipped.backend.name}, a resource backend`
        : "no backend";
    controllerHop(
      tb,
      pod,
      port,
      `${tlsText}nginx has ${server ? `${serverName(server)} for ${host} but no location matching ${path}` : `no server for ${host} and no catch-all rule`}${skipped ? ` (Ingress ${skipped.ingress.namespace}/${skipped.ingress.name} sends ${skipped.pathType} ${skipped.ingressPath} to ${why}; ingress-nginx only proxies to Services, so it writes no location for it)` : ""}, so the controller's default backend answers 404.`,
      skipped ?? undefined,
    );
    return tb.fail("not-found", 404);
  }
  const chose = `${tlsText}nginx matched ${serverName(server)} and ${where(location)} (${location.pathType} ${location.ingressPath}${location.isDefaultBackend ? ", the Ingress's defaultBackend" : ""}, Ingress ${location.ingress.namespace}/${location.ingress.name})`;
  const redirect = redirectOf(server, location, request.scheme, host, request.path);
  if (redirect) {
    controllerHop(
      tb,
      pod,
      port,
      `${chose}: ${redirect.why}, so it answers ${redirect.status} with Location: ${redirect.to}.`,
      location,
    );
    return tb.fail("redirect", redirect.status);
  }
  const cookies = parseCookies(request.headers.cookie);
  const verdict = location.canary
    ? decideCanary(location.canary.rules, request.headers, cookies, tb.random)
    : null;
  const backend = verdict?.canary && location.canary ? location.canary.backend : location.backend;
  const canaryText =
    verdict && location.canary
      ? ` Canary Ingress ${location.canary.ingress.namespace}/${location.canary.ingress.name}: ${verdict.why}, so the ${verdict.canary ? "canary" : "main"} backend serves.`
      : "";
  const namespace =
    verdict?.canary && location.canary ? location.canary.ingress.namespace : location.ingress.namespace;
  if (!backend || backend.kind === "resource") {
    const what = backend ? `${backend.resourceKind} ${backend.name} (a resource backend)` : "no backend";
    controllerHop(
      tb,
      pod,
      port,
      `${chose}, which names ${what}; ingress-nginx only proxies to Services, so its default backend answers 404.${canaryText}`,
      location,
    );
    return tb.fail("not-found", 404);
  }
  const service = tb.index.serviceByName.get(`${namespace}/${backend.name}`);
  const servicePort = service?.ports.find((p) =>
    "number" in backend.port ? p.port === backend.port.number : p.name === backend.port.name,
  );
  const target = `Service ${backend.name} port ${portRefText(backend.port)}`;
  const upstreamPath = rewritePath(location, path, query ? `?${query}` : "");
  const rewriteText =
    location.annotations.rewriteTarget !== null
      ? ` rewrite-target ${location.annotations.rewriteTarget} turns ${request.path} into ${upstreamPath}.`
      : "";
  if (service?.type === "ExternalName" && service.externalName) {
    // ingress-nginx writes the external name itself as the upstream server; nginx resolves it.
    const externalPort = servicePort?.port ?? ("number" in backend.port ? backend.port.number : 80);
    const address = `${service.externalName}:${externalPort}`;
    controllerHop(tb, pod, port, `${chose} → ${target}.${canaryText}${rewriteText}`, location);
    tb.hop({
      kind: "external",
      name: service.externalName,
      address,
      explanation: `Service ${service.name} is an ExternalName for ${service.externalName}, so nginx proxies to ${address} outside the cluster; what answers there is outside the simulation.`,
      source: tb.index.sourceOf("Service", service.namespace, service.name, ["spec", "externalName"]),
    });
    return tb.fail("external");
  }
  if (!service || !servicePort) {
    controllerHop(
      tb,
      pod,
      port,
      `${chose} → ${target}, which ${service ? "has no such port" : `does not exist in namespace ${namespace}`}, so nginx answers 503.${canaryText}`,
      location,
    );
    return tb.fail("no-endpoints", 503);
  }
  controllerHop(tb, pod, port, `${chose} → ${target}.${canaryText}${rewriteText}`, location);
  const annotations = verdict?.canary && location.canary ? location.canary.annotations : location.annotations;
  const node = tb.index.nodeByName.get(pod.nodeName);
  if (annotations.serviceUpstream && service.clusterIP && node) {
    // service-upstream: nginx proxies to the ClusterIP and kube-proxy on the controller's node picks.
    const matched = `${service.clusterIP}:${servicePort.port}`;
    serviceHop(
      tb,
      service,
      servicePort,
      matched,
      `service-upstream: nginx proxies to ${matched}, the clusterIP of`,
    );
    const chosen = kubeProxy(tb, {
      service,
      port: servicePort,
      node,
      entry: "cluster-ip",
      matched,
      fromInside: true,
    });
    if ("outcome" in chosen) return chosen;
    return deliver(tb, {
      endpoint: chosen,
      fromNode: node.name,
      seenFrom: CONTROLLER_SEEN_FROM(pod),
      path: upstreamPath,
    });
  }
  return toEndpoint(tb, {
    upstream: upstreamName(namespace, backend),
    pod,
    service,
    servicePort,
    upstreamPath,
    upstreamHash: annotations.upstreamHashBy,
    affinityCookie: annotations.affinityCookie,
    cookies,
  });
}

const CONTROLLER_SEEN_FROM = (pod: SimPod) =>
  `${pod.ip}, the controller pod (nginx opens a new connection; the client is in X-Forwarded-For)`;

function tlsOf(server: NginxServer | null): string {
  const tls = server?.tls;
  if (!tls)
    return "nginx terminates TLS with its default fake certificate (no Ingress lists this host under tls);";
  return tls.secretFound
    ? `nginx terminates TLS with Secret ${tls.ingress.namespace}/${tls.secretName};`
    : `nginx terminates TLS with its default fake certificate (Secret ${tls.ingress.namespace}/${tls.secretName} is missing);`;
}

/** A redirect nginx answers itself, in the order its phases run (semantics 3.2, 3.3). */
function redirectOf(
  server: NginxServer,
  location: NginxLocation,
  scheme: "http" | "https",
  host: string,
  path: string,
): { status: number; to: string; why: string } | null {
  const { annotations } = location;
  // app-root is written at server level (`if ($uri = /)`), so any Ingress of the host sets it.
  const appRoot = server.locations.find((l) => l.annotations.appRoot)?.annotations.appRoot;
  if (appRoot && path === "/") {
    return { status: 302, to: `${scheme}://${host}${appRoot}`, why: `app-root is ${appRoot}` };
  }
  // ingress-nginx's redirect annotation checks temporal-redirect before permanent-redirect.
  if (annotations.temporalRedirect) {
    return { status: 302, to: annotations.temporalRedirect, why: "the temporal-redirect annotation applies" };
  }
  if (annotations.permanentRedirect) {
    const { url, code } = annotations.permanentRedirect;
    return { status: code, to: url, why: "the permanent-redirect annotation applies" };
  }
  if (scheme === "http" && ((server.tls && annotations.sslRedirect) || annotations.forceSslRedirect)) {
    return {
      status: 308,
      to: `https://${host}${path}`,
      why: annotations.forceSslRedirect
        ? "force-ssl-redirect sends plain HTTP to HTTPS"
        : `the host has TLS (Secret ${server.tls?.secretName ?? ""}) and ssl-redirect is on by default`,
    };
  }
  return null;
}

interface UpstreamChoice {
  pod: SimPod;
  /** The upstream's name as the controller writes it in nginx.conf. */
  upstream: string;
  service: SimService;
  servicePort: SimServicePort;
  upstreamPath: string;
  upstreamHash: string | null;
  affinityCookie: string | null;
  cookies: Record<string, string>;
}

/** nginx's balancer picks a ready endpoint itself: round robin, a consistent hash, or a sticky cookie. */
function toEndpoint(tb: TraceBuilder, choice: UpstreamChoice): Trace {
  const { pod, service, servicePort, upstream } = choice;
  const all =
    (tb.index.cluster.endpoints[service.key] ?? []).find((e) => e.portIndex === servicePort.index)
      ?.endpoints ?? [];
  const ready = all.filter((e) => e.ready);
  const source = tb.index.sourceOf("Service", service.namespace, service.name, [
    "spec",
    "ports",
    servicePort.index,
  ]);
  if (ready.length === 0) {
    tb.hop({
      kind: "service",
      name: service.name,
      namespace: service.namespace,
      explanation: `Upstream ${upstream} has no ready endpoint (${all.length} listed, none ready), so nginx answers 503.`,
      source,
    });
    return tb.fail("no-endpoints", 503);
  }
  const { endpoint, how } = pickEndpoint(tb, upstream, ready, choice);
  tb.hop({
    kind: "service",
    name: service.name,
    namespace: service.namespace,
    address: `${endpoint.ip}:${endpoint.port}`,
    explanation: `nginx balances upstream ${upstream} over the ${ready.length} ready endpoint${ready.length === 1 ? "" : "s"} of Service ${service.name} itself (${how}) → ${endpoint.ip}:${endpoint.port}; the ClusterIP ${service.clusterIP ?? "(none)"} and kube-proxy are bypassed.`,
    delayMs: LATENCY_MS.kubeProxy,
    source,
  });
  return deliver(tb, {
    endpoint,
    fromNode: pod.nodeName,
    seenFrom: CONTROLLER_SEEN_FROM(pod),
    path: choice.upstreamPath,
  });
}

function pickEndpoint(
  tb: TraceBuilder,
  upstream: string,
  ready: readonly SimEndpoint[],
  choice: UpstreamChoice,
): { endpoint: SimEndpoint; how: string } {
  const sticky = choice.affinityCookie ? choice.cookies[choice.affinityCookie] : undefined;
  if (choice.affinityCookie && sticky !== undefined) {
    return {
      endpoint: ready[stableHash(sticky) % ready.length] as SimEndpoint,
      how: `affinity cookie ${choice.affinityCookie} pins the client`,
    };
  }
  if (choice.upstreamHash) {
    const key = choice.upstreamHash.replace(/\$(\w+)/g, (_, v: string) =>
      variable(v, tb, choice.upstreamPath),
    );
    return {
      endpoint: ready[stableHash(key) % ready.length] as SimEndpoint,
      how: `upstream-hash-by ${choice.upstreamHash} = ${key}`,
    };
  }
  // round_robin, ingress-nginx's default: each worker starts at a random position.
  const key = `nginx:${upstream}`;
  const next = tb.state.roundRobin.get(key) ?? Math.floor(tb.random() * ready.length);
  tb.state.roundRobin.set(key, next + 1);
  const how = choice.affinityCookie
    ? `round robin; the response sets cookie ${choice.affinityCookie} to pin the client`
    : "round robin";
  return { endpoint: ready[next % ready.length] as SimEndpoint, how };
}

/** The nginx variables upstream-hash-by commonly uses. */
function variable(name: string, tb: TraceBuilder, path: string): string {
  const { request } = tb;
  if (name === "request_uri" || name === "uri") return path;
  if (name === "remote_addr" || name === "binary_remote_addr") return request.source.clientIP;
  if (name === "host") return request.host;
  if (name.startsWith("http_")) return request.headers[name.slice(5).replace(/_/g, "-")] ?? "";
  if (name.startsWith("cookie_")) return parseCookies(request.headers.cookie)[name.slice(7)] ?? "";
  if (name.startsWith("arg_")) return request.queryParams[name.slice(4)] ?? "";
  return "";
}

/** FNV-1a: a stable stand-in for nginx's consistent hash (which endpoint a key lands on differs). */
