/**
 * The nginx configuration the ingress-nginx controller would render for the Ingresses it serves,
 * modelled on its nginx.tmpl and template.go (buildServerName, buildLocation, buildProxyPass) but
 * cut down to what routes a request: upstreams, servers, locations, redirects and rewrites. The
 * Lua, logging, timeouts and headers of the real file are left out.
 */
import type { IngressNginx, IngressStatus, NginxLocation, NginxServer } from "../ingressModel";
import { type IngressBackend, portRefText } from "../kinds/ingress";
import { NGINX_PREFIX } from "../kinds/nginxAnnotations";
import type { Cluster } from "../model";
import { CATCH_ALL } from "../reconcile/buildIngressNginx";
import { DEFAULT_UPSTREAM, renderUpstreams, upstreamName } from "./nginxUpstreams";

const SSL_DIR = "/etc/ingress-controller/ssl";
const FAKE_CERTIFICATE = `${SSL_DIR}/default-fake-certificate.pem`;
const INDENT = "    ";

export function renderNginxConf(ingress: IngressNginx, cluster: Cluster): string {
  const servers = ingress.servers.some((s) => s.hostname === CATCH_ALL)
    ? ingress.servers
    : [...ingress.servers, { hostname: CATCH_ALL, useRegex: false, tls: null, locations: [] }];
  const lines = [...header(ingress), "", ...renderUpstreams(ingress, cluster)];
  for (const server of servers) lines.push("", ...renderServer(server));
  return `${lines.join("\n")}\n`;
}

function header(ingress: IngressNginx): string[] {
  const { controller } = ingress;
  const lines = [
    "# nginx.conf as the ingress-nginx controller would render it (routing only).",
    `# Controller: Service ${controller.namespace}/${controller.serviceName}, IngressClass ${controller.classes.join(", ") || "(none)"}${controller.assumed ? " (assumed: the YAML has no controller)" : ""}.`,
  ];
  const ref = (s: IngressStatus) => `${s.ingress.namespace}/${s.ingress.name}`;
  const served = ingress.ingresses.filter((s) => s.served && !s.canary);
  const canaries = ingress.ingresses.filter((s) => s.served && s.canary);
  lines.push(`# Serves: ${served.map(ref).join(", ") || "no Ingress"}.`);
  if (canaries.length > 0) lines.push(`# Canaries: ${canaries.map(ref).join(", ")}.`);
  for (const s of ingress.ingresses.filter((i) => !i.served)) lines.push(`# Ignores ${ref(s)}: ${s.reason}`);
  for (const s of ingress.ingresses.filter((i) => i.served && i.unmodelledAnnotations.length > 0)) {
    const names = s.unmodelledAnnotations.map((a) => a.slice(NGINX_PREFIX.length)).join(", ");
    lines.push(`# Not simulated on ${ref(s)}: ${names}.`);
  }
  return lines;
}

/**
 * ingress-nginx writes `*.foo.com` as a regex that matches exactly one label (buildServerName),
 * which is also why an exact server name always beats it: nginx tries regex names last.
 */
function serverName(hostname: string): string {
  if (!hostname.startsWith("*.")) return hostname;
  return `~^(?<subdomain>[\\w-]+)\\.${hostname.slice(2).split(".").join("\\.")}$`;
}

function renderServer(server: NginxServer): string[] {
  const isDefault = server.hostname === CATCH_ALL;
  const flag = isDefault ? " default_server" : "";
  const body = [`server_name ${serverName(server.hostname)};`];
  if (server.hostname.startsWith("*.")) {
    body.push(
      `# ${server.hostname}: one label before ${server.hostname.slice(2)}, not deeper names, not the bare domain.`,
    );
  }
  if (isDefault) body.push("# The default server: requests whose Host no other server_name claims.");
  body.push(`listen 80${flag};`, ...httpsListen(server, flag));
  body.push(...appRoot(server));
  if (server.useRegex) {
    body.push(
      "",
      "# use-regex or rewrite-target on this host: every location is a case-insensitive regex,",
      "# tried in this order (longest path first); the first that matches wins.",
    );
  }
  const skipped = new Set<string>();
  for (const location of server.locations) {
    // A Prefix path yields two locations; a path nginx gets no location for is noted once.
    if (location.backend?.kind !== "service") {
      const key = `${location.ingress.namespace}/${location.ingress.name} ${location.pathType} ${location.ingressPath}`;
      if (skipped.has(key)) continue;
      skipped.add(key);
    }
    body.push("", ...renderLocation(server, location));
  }
  if (!coversRoot(server)) body.push("", ...defaultLocation(server));
  return [
    `## start server ${server.hostname}`,
    "server {",
    ...body.map((l) => (l ? INDENT + l : l)),
    "}",
    `## end server ${server.hostname}`,
  ];
}

/**
 * Every server listens for HTTPS (buildHTTPSListener); Lua picks the certificate by SNI and falls
 * back to the controller's self-signed fake one, also when the Secret named in tls is missing.
 */
function httpsListen(server: NginxServer, flag: string): string[] {
  const listen = `listen 443${flag} ssl;`;
  const { tls } = server;
  if (!tls) return [`${listen}  # no tls for this host: HTTPS gets the controller's fake certificate`];
  const secret = `${tls.ingress.namespace}/${tls.secretName}`;
  const from = `tls of Ingress ${tls.ingress.namespace}/${tls.ingress.name}`;
  if (!tls.secretFound) {
    return [
      listen,
      `# ${from} names Secret ${secret}, which does not exist:`,
      "# the controller serves its self-signed fake certificate instead.",
      `ssl_certificate ${FAKE_CERTIFICATE};`,
    ];
  }
  return [
    listen,
    `# ${from}: Secret ${secret}.`,
    `ssl_certificate ${SSL_DIR}/${tls.ingress.namespace}-${tls.secretName}.pem;`,
  ];
}

/** app-root is written at server level, so it answers `/` before any location is chosen. */
function appRoot(server: NginxServer): string[] {
  const location = server.locations.find((l) => l.annotations.appRoot !== null);
  if (!location) return [];
  return [
    "",
    `# app-root of Ingress ${location.ingress.namespace}/${location.ingress.name}.`,
    "if ($uri = /) {",
    `${INDENT}return 302 $scheme://$http_host${location.annotations.appRoot};`,
    "}",
  ];
}

/** `location = /foo`, `location /foo/` or `location ~* "^/foo"` (template.go buildLocation). */
function locationSpec(path: string, match: NginxLocation["match"]): string {
  if (match === "exact") return `= ${path}`;
  if (match === "regex") return `~* "^${path}"`;
  return path;
}

function backendText(backend: IngressBackend | null): string {
  if (!backend) return "no backend";
  if (backend.kind === "resource") return `${backend.resourceKind} ${backend.name} (a resource backend)`;
  return `${backend.name}:${portRefText(backend.port)}`;
}

function renderLocation(server: NginxServer, location: NginxLocation): string[] {
  const { ingress, backend } = location;
  const what = location.isDefaultBackend
    ? "defaultBackend, for paths its rules miss"
    : `${location.ingressPath} (${location.pathType})`;
  const origin = `# Ingress ${ingress.namespace}/${ingress.name}: ${what} -> ${backendText(backend)}`;
  const spec = locationSpec(location.path, location.match);
  if (backend?.kind !== "service") {
    // ingress-nginx skips paths whose backend is not a Service: nginx gets no location for them.
    return [origin, "# ingress-nginx only proxies to Services, so nginx gets no location for this path."];
  }
  const body = [
    origin,
    ...matchNote(location),
    ...canaryNote(location),
    ...locationBody(server, location, upstreamName(ingress.namespace, backend)),
  ];
  return [`location ${spec} {`, ...body.map((l) => INDENT + l), "}"];
}

/** Where nginx's match differs from what the pathType says (semantics 3.1). */
function matchNote(location: NginxLocation): string[] {
  const { match, pathType, ingressPath } = location;
  if (match === "exact" && pathType === "Prefix") {
    return [`# Prefix ${ingressPath} also matches ${location.path} itself, hence this exact twin.`];
  }
  if (match === "regex" && pathType !== "ImplementationSpecific") {
    return [`# As a regex, ${pathType} ${ingressPath} is a case-insensitive string prefix.`];
  }
  return [];
}

function canaryNote(location: NginxLocation): string[] {
  const { canary } = location;
  if (canary?.backend.kind !== "service") return [];
  const name = upstreamName(canary.ingress.namespace, canary.backend);
  return [
    `# Canary Ingress ${canary.ingress.namespace}/${canary.ingress.name} may send it to ${name} instead.`,
  ];
}

/**
 * Redirects first: a `return` runs in nginx's rewrite phase, before the Lua that does ssl-redirect,
 * so temporal-redirect (tried first by ingress-nginx) or permanent-redirect makes the rest moot.
 */
function locationBody(server: NginxServer, location: NginxLocation, upstream: string): string[] {
  const { annotations } = location;
  if (annotations.temporalRedirect)
    return [`return 302 ${annotations.temporalRedirect};  # temporal-redirect`];
  if (annotations.permanentRedirect) {
    const { code, url } = annotations.permanentRedirect;
    return [`return ${code} ${url};  # permanent-redirect`];
  }
  const lines = sslRedirect(server, location);
  if (annotations.rewriteTarget !== null && annotations.rewriteTarget !== location.path) {
    lines.push(`rewrite "(?i)${location.path}" ${annotations.rewriteTarget} break;  # rewrite-target`);
  }
  const protocol = annotations.backendProtocol;
  const note = protocol === "HTTP" ? "" : `  # backend-protocol ${protocol}`;
  lines.push(`set $proxy_upstream_name "${upstream}";`, proxyPass(protocol) + note);
  return lines;
}

/** ingress-nginx redirects in Lua (lua_ingress.rewrite); this `if` says the same in plain nginx. */
function sslRedirect(server: NginxServer, location: NginxLocation): string[] {
  const { annotations } = location;
  const why = annotations.forceSslRedirect
    ? "force-ssl-redirect: plain HTTP goes to HTTPS, TLS or not."
    : server.tls && annotations.sslRedirect
      ? "ssl-redirect (on by default for a host with tls): plain HTTP goes to HTTPS."
      : null;
  if (!why) return [];
  return [`# ${why}`, "if ($scheme = http) {", `${INDENT}return 308 https://$host$request_uri;`, "}"];
}

/** template.go buildProxyPass: backend-protocol picks the directive and the scheme. */
function proxyPass(protocol: string): string {
  const upstream = "upstream_balancer";
  switch (protocol) {
    case "HTTPS":
      return `proxy_pass https://${upstream};`;
    case "AUTO_HTTP":
      return `proxy_pass $scheme://${upstream};`;
    case "GRPC":
      return `grpc_pass grpc://${upstream};`;
    case "GRPCS":
      return `grpc_pass grpcs://${upstream};`;
    case "FCGI":
      return `fastcgi_pass ${upstream};`;
    default:
      return `proxy_pass http://${upstream};`;
  }
}

/** A location that catches every path: `/` as a prefix, or `^/` as a regex. */
function coversRoot(server: NginxServer): boolean {
  return server.locations.some((l) => l.path === "/" && l.match !== "exact" && l.backend?.kind === "service");
}

/** ingress-nginx starts every server with a root location on the default backend (createServers). */
function defaultLocation(server: NginxServer): string[] {
  return [
    `location ${locationSpec("/", server.useRegex ? "regex" : "prefix")} {`,
    `${INDENT}# No Ingress path matches: the controller's default backend answers 404.`,
    `${INDENT}set $proxy_upstream_name "${DEFAULT_UPSTREAM}";`,
    `${INDENT}proxy_pass http://upstream_balancer;`,
    "}",
  ];
}
