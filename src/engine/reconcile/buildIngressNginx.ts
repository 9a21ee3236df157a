import type {
  IngressController,
  IngressNginx,
  IngressRef,
  IngressStatus,
  NginxLocation,
  NginxServer,
} from "../ingressModel";
import type { IngressBackend, IngressDecl } from "../kinds/ingress";
import type { IngressClassDecl } from "../kinds/ingressClass";
import { type NginxAnnotations, readNginxAnnotations } from "../kinds/nginxAnnotations";
import type { SimService } from "../model";
import { type ReconcileContext, report } from "./context";
import { NGINX_CLASS_FLAG, NGINX_CONTROLLER } from "./ingressController";

/** The controller's catch-all server: hosts no rule claims (NGX-C). */
export const CATCH_ALL = "_";

/**
 * What ingress-nginx would be configured with (NGX-C controller.go: getBackendServers ->
 * createServers, then location ordering in the template). Null when there is no controller.
 */
export function buildIngressNginx(
  ctx: ReconcileContext,
  ingresses: readonly IngressDecl[],
  classes: readonly IngressClassDecl[],
  controller: IngressController | null,
  secrets: ReadonlySet<string>,
  services: readonly SimService[],
): IngressNginx | null {
  if (!controller) return null;
  const statuses: IngressStatus[] = [];
  const served: { ing: IngressDecl; annotations: NginxAnnotations }[] = [];
  // Each `namespace/name`'s first Service: a scan per backend grows with Ingresses x Services.
  const serviceByName = new Map<string, SimService>();
  for (const s of services) {
    const key = `${s.namespace}/${s.name}`;
    if (!serviceByName.has(key)) serviceByName.set(key, s);
  }
  for (const ing of ingresses) {
    const annotations = readNginxAnnotations(ing.annotations);
    const verdict = classVerdict(ing, classes, controller);
    statuses.push({
      ingress: refOf(ing),
      served: verdict.served,
      reason: verdict.reason,
      canary: annotations.canary !== null,
      unmodelledAnnotations: annotations.unmodelled,
    });
    if (!verdict.served) {
      report(
        ctx,
        ing.object,
        "ingress-not-served",
        `Ingress ${ing.object.name} is not served: ${verdict.reason}`,
        ["spec"],
      );
      continue;
    }
    if (annotations.unmodelled.length > 0) {
      report(
        ctx,
        ing.object,
        "ingress-annotation-unmodelled",
        `Ingress ${ing.object.name}: ${annotations.unmodelled.join(", ")} ${annotations.unmodelled.length === 1 ? "is" : "are"} not simulated.`,
        ["metadata", "annotations"],
      );
    }
    lintBackends(ctx, ing, serviceByName);
    served.push({ ing, annotations });
  }
  // ingress-nginx processes the oldest Ingress first, ties by namespace/name: the first claim wins.
  served.sort(
    (a, b) =>
      (a.ing.createdAt ?? "").localeCompare(b.ing.createdAt ?? "") ||
      a.ing.object.namespace.localeCompare(b.ing.object.namespace) ||
      a.ing.object.name.localeCompare(b.ing.object.name),
  );
  const servers = createServers(
    ctx,
    served.filter((s) => s.annotations.canary === null),
    secrets,
  );
  attachCanaries(
    ctx,
    servers,
    served.filter((s) => s.annotations.canary !== null),
  );
  const ordered = [...servers.values()].map(orderLocations);
  ordered.sort((a, b) =>
    a.hostname === CATCH_ALL ? 1 : b.hostname === CATCH_ALL ? -1 : a.hostname.localeCompare(b.hostname),
  );
  return { controller, servers: ordered, ingresses: statuses };
}

function refOf(ing: IngressDecl): IngressRef {
  return { namespace: ing.object.namespace, name: ing.object.name };
}

/** Whether this controller serves the Ingress, in ingress-nginx's order (semantics 2.4). */
function classVerdict(
  ing: IngressDecl,
  classes: readonly IngressClassDecl[],
  controller: IngressController,
): { served: boolean; reason: string } {
  const ref = ing.classRef;
  if (ref.by === "field") {
    const cls = classes.find((c) => c.name === ref.name);
    if (!cls)
      return {
        served: false,
        reason: `IngressClass ${ref.name} does not exist, so no controller serves it.`,
      };
    if (cls.controller !== NGINX_CONTROLLER) {
      return {
        served: false,
        reason: `IngressClass ${ref.name} belongs to controller ${cls.controller ?? "(none)"}, not ${NGINX_CONTROLLER}.`,
      };
    }
    if (ing.annotations["kubernetes.io/ingress.class"] !== undefined) {
      return {
        served: false,
        reason:
          "it sets both ingressClassName and the kubernetes.io/ingress.class annotation, which the API server rejects.",
      };
    }
    return { served: true, reason: `ingressClassName ${ref.name} is a class of ${NGINX_CONTROLLER}.` };
  }
  if (ref.by === "annotation") {
    return ref.name === NGINX_CLASS_FLAG
      ? {
          served: true,
          reason: `annotation kubernetes.io/ingress.class: ${ref.name} matches --ingress-class.`,
        }
      : {
          served: false,
          reason: `annotation kubernetes.io/ingress.class: ${ref.name} does not match the controller's --ingress-class=${NGINX_CLASS_FLAG}.`,
        };
  }
  const defaults = classes.filter((c) => c.isDefault);
  const only = defaults[0];
  if (defaults.length > 1) {
    return {
      served: false,
      reason: "it names no class and there are several default IngressClasses (the API server rejects it).",
    };
  }
  if (only?.controller === NGINX_CONTROLLER) {
    return {
      served: true,
      reason: `it names no class, so admission stamps the default IngressClass ${only.name}${controller.assumed ? " (assumed)" : ""}.`,
    };
  }
  return {
    served: false,
    reason:
      "it names no class and no IngressClass of ingress-nginx is the default (ingress-nginx ignores class-less Ingresses unless --watch-ingress-without-class).",
  };
}

function lintBackends(
  ctx: ReconcileContext,
  ing: IngressDecl,
  serviceByName: ReadonlyMap<string, SimService>,
): void {
  const backends: IngressBackend[] = [
    ...(ing.defaultBackend ? [ing.defaultBackend] : []),
    ...ing.rules.flatMap((r) => r.paths.flatMap((p) => (p.backend ? [p.backend] : []))),
  ];
  for (const backend of backends) {
    if (backend.kind !== "service") continue;
    const service = serviceByName.get(`${ing.object.namespace}/${backend.name}`);
    const portText = "number" in backend.port ? String(backend.port.number) : backend.port.name;
    const port = service?.ports.find((p) =>
      "number" in backend.port ? p.port === backend.port.number : p.name === backend.port.name,
    );
    // An ExternalName Service needs no port: nginx proxies to the external name on the backend's.
    if (!service || (!port && service.type !== "ExternalName")) {
      report(
        ctx,
        ing.object,
        "ingress-backend-missing",
        service
          ? `Ingress ${ing.object.name}: Service ${backend.name} has no port ${portText}, so requests routed to it get 503.`
          : `Ingress ${ing.object.name}: there is no Service ${backend.name} in namespace ${ing.object.namespace}, so requests routed to it get 503.`,
        backend.field,
      );
    }
  }
}

function location(
  ing: IngressDecl,
  annotations: NginxAnnotations,
  path: Pick<NginxLocation, "ingressPath" | "pathType" | "backend" | "field" | "isDefaultBackend">,
): NginxLocation {
  return { path: path.ingressPath, match: "prefix", ingress: refOf(ing), annotations, canary: null, ...path };
}

/** One server per host, every served Ingress's paths merged into it (semantics 2.6). */
function createServers(
  ctx: ReconcileContext,
  mainline: readonly { ing: IngressDecl; annotations: NginxAnnotations }[],
  secrets: ReadonlySet<string>,
): Map<string, NginxServer> {
  const servers = new Map<string, NginxServer>();
  const serverFor = (host: string) => {
    let server = servers.get(host);
    if (!server) {
      server = { hostname: host, useRegex: false, tls: null, locations: [] };
      servers.set(host, server);
    }
    return server;
  };
  const addDefault = (server: NginxServer, ing: IngressDecl, annotations: NginxAnnotations) => {
    if (!ing.defaultBackend || server.locations.some((l) => l.ingressPath === "/" && l.pathType !== "Exact"))
      return;
    server.locations.push(
      location(ing, annotations, {
        ingressPath: "/",
        pathType: "Prefix",
        backend: ing.defaultBackend,
        field: ing.defaultBackend.field,
        isDefaultBackend: true,
      }),
    );
  };
  for (const { ing, annotations } of mainline) {
    // Only an Ingress without rules lends its defaultBackend to the catch-all server (semantics 2.5).
    if (ing.rules.length === 0) addDefault(serverFor(CATCH_ALL), ing, annotations);
    for (const rule of ing.rules) {
      const server = serverFor(rule.host ?? CATCH_ALL);
      const tls = ing.tls.find((t) => rule.host !== null && t.hosts.includes(rule.host));
      if (tls && !server.tls && tls.secretName) {
        const secretFound = secrets.has(`${ing.object.namespace}/${tls.secretName}`);
        server.tls = { secretName: tls.secretName, ingress: refOf(ing), secretFound };
      }
      for (const path of rule.paths) {
        const taken = server.locations.findIndex(
          (l) => l.ingressPath === path.path && l.pathType === path.pathType,
        );
        const existing = server.locations[taken];
        const next = location(ing, annotations, {
          ingressPath: path.path,
          pathType: path.pathType,
          backend: path.backend,
          field: path.field,
          isDefaultBackend: false,
        });
        if (!existing) server.locations.push(next);
        else if (existing.isDefaultBackend) server.locations[taken] = next;
        else {
          report(
            ctx,
            ing.object,
            "ingress-conflict",
            `Ingress ${ing.object.name}: ${path.pathType} ${path.path} on ${rule.host ?? "every host"} is already claimed by Ingress ${existing.ingress.namespace}/${existing.ingress.name}, which ingress-nginx keeps (the older Ingress wins; ties by namespace/name).`,
            path.field,
          );
        }
      }
      // The fallback of the hosts this Ingress creates; a rule without host creates the catch-all.
      addDefault(server, ing, annotations);
    }
  }
  return servers;
}

/** A canary adds a second backend to the mainline location with the same host and path (semantics 3.4). */
function attachCanaries(
  ctx: ReconcileContext,
  servers: ReadonlyMap<string, NginxServer>,
  canaries: readonly { ing: IngressDecl; annotations: NginxAnnotations }[],
): void {
  for (const { ing, annotations } of canaries) {
    const rules = annotations.canary;
    if (!rules) continue;
    for (const rule of ing.rules) {
      for (const path of rule.paths) {
        const target = servers
          .get(rule.host ?? CATCH_ALL)
          ?.locations.find(
            (l) => !l.isDefaultBackend && l.ingressPath === path.path && l.pathType === path.pathType,
          );
        if (!target || !path.backend) {
          report(
            ctx,
            ing.object,
            "ingress-canary-orphan",
            `Canary Ingress ${ing.object.name}: no main Ingress serves ${rule.host ?? "every host"} ${path.path}, so the canary serves nothing (requests get 404).`,
            path.field,
          );
        } else if (target.canary) {
          report(
            ctx,
            ing.object,
            "ingress-conflict",
            `Canary Ingress ${ing.object.name}: ${rule.host ?? "every host"} ${path.path} already has canary ${target.canary.ingress.namespace}/${target.canary.ingress.name}; only one canary per host and path is used.`,
            path.field,
          );
        } else {
          target.canary = { ingress: refOf(ing), backend: path.backend, annotations, rules };
        }
      }
    }
  }
}

/**
 * The locations as nginx evaluates them (semantics 3.1). With regex on the host, every path
 * becomes `~* "^path"` as written, longest first, and the first match wins (the ingress-nginx
 * path-matching docs' example). Without, Exact is `= path`, Prefix `/foo` becomes `/foo/` plus
 * `= /foo` (element-wise matching), ImplementationSpecific is a plain string prefix.
 */
function orderLocations(server: NginxServer): NginxServer {
  const useRegex = server.locations.some(
    (l) => l.annotations.useRegex || l.annotations.rewriteTarget !== null,
  );
  let locations: NginxLocation[];
  if (useRegex) {
    locations = server.locations.map((l) => ({ ...l, path: l.ingressPath, match: "regex" as const }));
    locations.sort((a, b) => (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
  } else {
    const exact = new Set(server.locations.filter((l) => l.pathType === "Exact").map((l) => l.ingressPath));
    locations = server.locations.flatMap((l): NginxLocation[] => {
      if (l.pathType === "Exact") return [{ ...l, path: l.ingressPath, match: "exact" }];
      if (l.pathType === "ImplementationSpecific") return [{ ...l, path: l.ingressPath, match: "prefix" }];
      // Prefix ignores a trailing slash of the rule (K-ING): /foo/ and /foo both cover /foo.
      const base = l.ingressPath.replace(/\/+$/, "");
      if (base === "") return [{ ...l, path: "/", match: "prefix" }];
      const prefix: NginxLocation = { ...l, path: `${base}/`, match: "prefix" };
      return exact.has(base) ? [prefix] : [prefix, { ...l, path: base, match: "exact" }];
    });
  }
  locations.sort((a, b) => b.path.length - a.path.length);
  return { ...server, useRegex, locations };
}
