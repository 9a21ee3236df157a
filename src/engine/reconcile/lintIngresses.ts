import { dump } from "js-yaml";
import type { IngressBackend, IngressDecl } from "../kinds/ingress";
import { IPV4 } from "../route/request";
import { type ReconcileContext, report } from "./context";

/** A DNS-1123 subdomain, optionally with one leading `*.` wildcard label (K-VAL). */
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Characters that make a path a regular expression rather than a literal. */
const REGEX_CHARS = /[()[\]{}*+?|^$\\]/;

/** Checks of single Ingresses that need no cluster: what the API server or ingress-nginx would refuse. */
export function lintIngresses(
  ctx: ReconcileContext,
  ingresses: readonly IngressDecl[],
  secrets: ReadonlySet<string>,
) {
  for (const ing of ingresses) {
    const { object } = ing;
    if (ing.legacy) {
      report(
        ctx,
        object,
        "ingress-deprecated-api",
        `Ingress ${object.name} uses ${object.apiVersion}. As networking.k8s.io/v1 it reads:\n${v1Equivalent(ing)}`,
        ["apiVersion"],
      );
    }
    const ruleHosts = new Set(ing.rules.flatMap((r) => (r.host ? [r.host] : [])));
    for (const rule of ing.rules) {
      if (rule.host !== null && (IPV4.test(rule.host) || !HOST.test(rule.host))) {
        report(
          ctx,
          object,
          "ingress-host-invalid",
          `Ingress ${object.name}: host "${rule.host}" is not a DNS name${IPV4.test(rule.host) ? " (an IP address is not allowed)" : " with at most one leading *. label"}.`,
          [...rule.field, "host"],
        );
      }
      for (const path of rule.paths) {
        if (path.pathType === "ImplementationSpecific") continue;
        if (!path.path.startsWith("/")) {
          report(
            ctx,
            object,
            "ingress-path-invalid",
            `Ingress ${object.name}: ${path.pathType} path "${path.path}" does not start with /.`,
            [...path.field, "path"],
          );
        } else if (REGEX_CHARS.test(path.path)) {
          report(
            ctx,
            object,
            "ingress-regex-path",
            `Ingress ${object.name}: "${path.path}" looks like a regular expression, but ${path.pathType} paths are matched literally.`,
            [...path.field, "path"],
          );
        }
      }
    }
    for (const tls of ing.tls) {
      for (const host of tls.hosts.filter((h) => !ruleHosts.has(h))) {
        report(
          ctx,
          object,
          "ingress-tls-host",
          `Ingress ${object.name}: TLS host ${host} is not the host of any rule.`,
          [...tls.field, "hosts"],
        );
      }
      if (tls.secretName && !secrets.has(`${object.namespace}/${tls.secretName}`)) {
        report(
          ctx,
          object,
          "ingress-tls-secret",
          `Ingress ${object.name}: Secret ${tls.secretName} is not in namespace ${object.namespace}, so ingress-nginx serves its default fake certificate.`,
          [...tls.field, "secretName"],
        );
      }
    }
  }
}

function backendV1(backend: IngressBackend | null): unknown {
  if (!backend) return null;
  if (backend.kind === "resource") {
    return { resource: { apiGroup: backend.apiGroup, kind: backend.resourceKind, name: backend.name } };
  }
  const port = "number" in backend.port ? { number: backend.port.number } : { name: backend.port.name };
  return { service: { name: backend.name, port } };
}

/** The spec as networking.k8s.io/v1 writes it, so the user can paste it back. */
function v1Equivalent(ing: IngressDecl): string {
  const spec: Record<string, unknown> = {};
  if (ing.classRef.by === "field") spec.ingressClassName = ing.classRef.name;
  if (ing.defaultBackend) spec.defaultBackend = backendV1(ing.defaultBackend);
  if (ing.tls.length > 0) spec.tls = ing.tls.map((t) => ({ hosts: t.hosts, secretName: t.secretName }));
  spec.rules = ing.rules.map((r) => ({
    ...(r.host ? { host: r.host } : {}),
    http: {
      paths: r.paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: backendV1(p.backend) })),
    },
  }));
  return dump({ spec }, { lineWidth: -1, noRefs: true }).trimEnd();
}
