import type { ManifestObject } from "../parse/parseManifests";
import type { FieldPath } from "../parse/positions";
import { integer, list, record, stringMap, text } from "./read";
import type { Report } from "./service";

export type PathType = "Exact" | "Prefix" | "ImplementationSpecific";
const PATH_TYPES: readonly PathType[] = ["Exact", "Prefix", "ImplementationSpecific"];

/** A Service port as an Ingress names it: by Service port number or Service port name (K-ING). */
export type ServicePortRef = { number: number } | { name: string };

export type IngressBackend =
  | { kind: "service"; name: string; port: ServicePortRef; field: FieldPath }
  | { kind: "resource"; apiGroup: string | null; resourceKind: string; name: string; field: FieldPath };

export interface IngressPath {
  path: string;
  pathType: PathType;
  backend: IngressBackend | null;
  field: FieldPath;
}

export interface IngressRule {
  /** Lower-cased; null for a rule without host (every host no other rule claims). */
  host: string | null;
  paths: IngressPath[];
  field: FieldPath;
}

export interface IngressTLS {
  hosts: string[];
  secretName: string | null;
  field: FieldPath;
}

/** How the Ingress says which controller should serve it (semantics 2.4). */
export type IngressClassRef =
  | { by: "field"; name: string }
  | { by: "annotation"; name: string }
  | { by: "none" };

export interface IngressDecl {
  object: ManifestObject;
  /** networking.k8s.io/v1beta1 and extensions/v1beta1 (removed in Kubernetes 1.22). */
  legacy: boolean;
  classRef: IngressClassRef;
  annotations: Record<string, string>;
  rules: IngressRule[];
  defaultBackend: IngressBackend | null;
  tls: IngressTLS[];
  /** metadata.creationTimestamp: ingress-nginx lets the oldest Ingress win a conflict. */
  createdAt: string | null;
}

export const INGRESS_API_VERSIONS = [
  "networking.k8s.io/v1",
  "networking.k8s.io/v1beta1",
  "extensions/v1beta1",
];
export const CLASS_ANNOTATION = "kubernetes.io/ingress.class";

/**
 * Reads an Ingress of any served version into the v1 shape, defaults filled once: legacy
 * `serviceName`/`servicePort` become `service.name`/`service.port`, `spec.backend` becomes
 * `defaultBackend`, a missing legacy pathType is ImplementationSpecific (networking v1beta1's default).
 */
export function readIngress(object: ManifestObject, report: Report): IngressDecl {
  const spec = record(object.body.spec);
  const metadata = record(object.body.metadata);
  const legacy = object.apiVersion !== "networking.k8s.io/v1";
  const annotations = stringMap(metadata.annotations);
  const readBackend = (value: unknown, field: FieldPath) => backendOf(value, field, legacy);

  const rules = list(spec.rules).map((r, ri): IngressRule => {
    const rule = record(r);
    const field: FieldPath = ["spec", "rules", ri];
    const paths = list(record(rule.http).paths).map((p, pi): IngressPath => {
      const entry = record(p);
      const pathField: FieldPath = [...field, "http", "paths", pi];
      const declared = PATH_TYPES.find((t) => t === entry.pathType);
      if (!declared && !legacy) {
        report(
          "ingress-path-type",
          `Ingress ${object.name}: path ${pi + 1} of rule ${ri + 1} has no pathType.`,
          [...pathField, "pathType"],
        );
      }
      return {
        // An empty path is "/" for Prefix (K-VAL requires one, legacy objects often omit it).
        path: text(entry.path) ?? "/",
        pathType: declared ?? "ImplementationSpecific",
        backend: readBackend(entry.backend, [...pathField, "backend"]),
        field: pathField,
      };
    });
    return { host: text(rule.host)?.toLowerCase() ?? null, paths, field };
  });

  const field = legacy && spec.backend !== undefined ? "backend" : "defaultBackend";
  const fieldName = text(spec.ingressClassName);
  const annotationName = annotations[CLASS_ANNOTATION];
  return {
    object,
    legacy,
    classRef: fieldName
      ? { by: "field", name: fieldName }
      : annotationName
        ? { by: "annotation", name: annotationName }
        : { by: "none" },
    annotations,
    rules,
    defaultBackend: readBackend(spec[field], ["spec", field]),
    tls: list(spec.tls).map((t, i) => {
      const tls = record(t);
      return {
        hosts: list(tls.hosts).flatMap((h) => (typeof h === "string" ? [h.toLowerCase()] : [])),
        secretName: text(tls.secretName),
        field: ["spec", "tls", i],
      };
    }),
    createdAt: text(metadata.creationTimestamp),
  };
}

function backendOf(value: unknown, field: FieldPath, legacy: boolean): IngressBackend | null {
  const backend = record(value);
  const resource = record(backend.resource);
  if (text(resource.kind) && text(resource.name)) {
    return {
      kind: "resource",
      apiGroup: text(resource.apiGroup),
      resourceKind: text(resource.kind) ?? "",
      name: text(resource.name) ?? "",
      field: [...field, "resource"],
    };
  }
  if (legacy && text(backend.serviceName)) {
    const port = backend.servicePort;
    // servicePort is an IntOrString: a number is the Service port, a string its name (semantics 2.7).
    const ref: ServicePortRef =
      typeof port === "number" || (typeof port === "string" && /^\d+$/.test(port))
        ? { number: Number(port) }
        : { name: String(port ?? "") };
    return { kind: "service", name: text(backend.serviceName) ?? "", port: ref, field };
  }
  const service = record(backend.service);
  const name = text(service.name);
  if (!name) return null;
  const port = record(service.port);
  const number = integer(port.number);
  return {
    kind: "service",
    name,
    port: number !== null ? { number } : { name: text(port.name) ?? "" },
    field: [...field, "service"],
  };
}

/** `80` or `http`: how a port reference reads in explanations. */
export function portRefText(port: ServicePortRef): string {
  return "number" in port ? String(port.number) : port.name;
}
