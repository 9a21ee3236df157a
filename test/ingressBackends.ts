/**
 * Builds what the conformance harnesses create around an Ingress under test: one Deployment and
 * one Service per backend Service the Ingress names, TLS Secrets and IngressClasses. Plain
 * objects; `toYaml` turns them into the multi-document text `analyze()` reads.
 */
import { dump } from "js-yaml";

export interface ServiceBackendRef {
  name: string;
  port?: { number?: number; name?: string };
}

export interface IngressBackend {
  service?: ServiceBackendRef;
  resource?: { apiGroup?: string; kind: string; name: string };
}

export interface IngressPath {
  path?: string;
  pathType?: string;
  backend: IngressBackend;
}

export interface IngressObject {
  apiVersion: string;
  kind: "Ingress";
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: { host?: string; http?: { paths: IngressPath[] } }[];
  };
}

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string } } & Record<
  string,
  unknown
>;

/** The port the conformance echo server listens on; every backend Service targets it. */
export const ECHO_PORT = 3000;

export function isIngress(object: unknown): object is IngressObject {
  return (object as { kind?: unknown } | null)?.kind === "Ingress";
}

/** Every Service backend of an Ingress, default backend first, in the order written. */
export function serviceBackends(ingress: IngressObject): ServiceBackendRef[] {
  const { defaultBackend, rules = [] } = ingress.spec;
  return [defaultBackend, ...rules.flatMap((r) => r.http?.paths.map((p) => p.backend) ?? [])]
    .map((b) => b?.service)
    .filter((s): s is ServiceBackendRef => !!s);
}

export interface BackendOptions {
  /** Replicas per backend Service name (default 1). 0 leaves the Service without endpoints. */
  replicas?: Record<string, number>;
  /** Backend Services the harness must not create (a backend that does not exist). */
  omit?: readonly string[];
  /** ingress-controller-conformance makes NodePort Services; other sources only need a Service. */
  serviceType?: "NodePort" | "ClusterIP";
}

interface BackendPort {
  number: number;
  name?: string;
}

/**
 * ingress-controller-conformance's harness, per backend Service named in the Ingresses: a
 * Deployment named after the Service (label `app: <ingress>-<service>`, echo server on 3000,
 * the container port named after the backend's port.name) and a Service of that name whose port
 * is the backend's port.number, or 8080 carrying the backend's port.name.
 */
export function backendObjects(
  ingresses: readonly IngressObject[],
  options: BackendOptions = {},
): K8sObject[] {
  const owners = new Map<string, { ingress: string; ports: BackendPort[] }>();
  for (const ingress of ingresses) {
    for (const ref of serviceBackends(ingress)) {
      if (options.omit?.includes(ref.name)) continue;
      const owner = owners.get(ref.name) ?? { ingress: ingress.metadata.name, ports: [] };
      owners.set(ref.name, owner);
      const port: BackendPort = ref.port?.name
        ? { number: 8080, name: ref.port.name }
        : { number: ref.port?.number ?? 80 };
      if (!owner.ports.some((p) => p.number === port.number && p.name === port.name)) owner.ports.push(port);
    }
  }
  return [...owners].flatMap(([service, { ingress, ports }]) => {
    const labels = { app: `${ingress}-${service}` };
    const portName = ports.find((p) => p.name)?.name;
    // A multi-port Service needs every port named (K-SVC): only then name the unnamed ones.
    const servicePorts = ports.map((p, i) => ({
      ...((p.name ?? ports.length > 1) ? { name: p.name ?? `port-${i}` } : {}),
      port: p.number,
      targetPort: ECHO_PORT,
    }));
    return [
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: service },
        spec: {
          replicas: options.replicas?.[service] ?? 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: "echo",
                  image: "ingress-conformance-echo",
                  ports: [{ containerPort: ECHO_PORT, ...(portName ? { name: portName } : {}) }],
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: service },
        spec: { type: options.serviceType ?? "NodePort", selector: labels, ports: servicePorts },
      },
    ];
  });
}

/**
 * A `kubernetes.io/tls` Secret. The data are placeholders: the simulator never reads a
 * certificate, it only needs the Secret the Ingress's `tls[].secretName` names to exist.
 */
export function tlsSecret(name: string, host: string): K8sObject {
  const placeholder = (what: string) => Buffer.from(`placeholder ${what} for ${host}\n`).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name },
    type: "kubernetes.io/tls",
    data: { "tls.crt": placeholder("certificate"), "tls.key": placeholder("key") },
  };
}

/** An IngressClass implemented by ingress-nginx, the controller the engine simulates. */
export function nginxIngressClass(name: string): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: { name },
    spec: { controller: "k8s.io/ingress-nginx" },
  };
}

/** Prefixes ingress-nginx annotations, as both expectation files write them bare. */
export function nginxAnnotations(annotations: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).map(([k, v]) => [`nginx.ingress.kubernetes.io/${k}`, v]),
  );
}

export interface SimpleRule {
  host?: string;
  paths: { path: string; pathType?: string; service: string; port?: number }[];
}

/** A networking.k8s.io/v1 Ingress from a compact description (pathType defaults to Prefix). */
export function ingress(
  name: string,
  rules: SimpleRule[],
  extra: { annotations?: Record<string, string>; tls?: { hosts: string[]; secretName: string }[] } = {},
): IngressObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, ...(extra.annotations ? { annotations: nginxAnnotations(extra.annotations) } : {}) },
    spec: {
      ...(extra.tls ? { tls: extra.tls } : {}),
      rules: rules.map((r) => ({
        ...(r.host ? { host: r.host } : {}),
        http: {
          paths: r.paths.map((p) => ({
            path: p.path,
            pathType: p.pathType ?? "Prefix",
            backend: { service: { name: p.service, port: { number: p.port ?? 80 } } },
          })),
        },
      })),
    },
  };
}

export function toYaml(objects: readonly object[]): string {
  return objects.map((o) => dump(o, { lineWidth: -1, noRefs: true })).join("---\n");
}
