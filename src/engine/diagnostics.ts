/**
 * The catalog of everything the engine can say about a manifest. Codes are stable: the editor,
 * the CLI and the tests key on them, and the text lives here once.
 */
export type Severity = "error" | "warning" | "info";

export const DIAGNOSTICS = {
  "yaml-syntax": { severity: "error", hint: "Fix the YAML syntax at the marked position." },
  "input-too-large": { severity: "error", hint: "Split the manifest or remove unrelated objects." },
  "alias-bomb": {
    severity: "error",
    hint: "Kubernetes manifests do not need nested YAML aliases; expand them.",
  },
  "not-an-object": { severity: "error", hint: "Each YAML document must be a Kubernetes object (a mapping)." },
  "missing-kind": {
    severity: "error",
    hint: "Add `apiVersion` and `kind`, e.g. `apiVersion: v1` / `kind: Service`.",
  },
  "missing-name": { severity: "error", hint: "Add `metadata.name`." },
  schema: { severity: "error", hint: "Compare the field with the Kubernetes API reference for this kind." },
  "duplicate-object": { severity: "warning", hint: "The last definition wins, as with `kubectl apply`." },
  "not-simulated": {
    severity: "info",
    hint: "The object is kept, but this kind does not take part in routing yet.",
  },
  "port-out-of-range": { severity: "error", hint: "Ports are 1-65535." },
  "nodeport-out-of-range": {
    severity: "error",
    hint: "Pick a nodePort in 30000-32767, or omit it to let one be allocated.",
  },
  "nodeport-conflict": {
    severity: "error",
    hint: "A nodePort is unique across the cluster: pick another or omit it.",
  },
  "nodeport-on-clusterip": {
    severity: "error",
    hint: "nodePort is only allowed on NodePort and LoadBalancer Services.",
  },
  "clusterip-conflict": {
    severity: "error",
    hint: "Every Service needs its own clusterIP: omit it to let one be allocated.",
  },
  "clusterip-out-of-range": {
    severity: "error",
    hint: "A clusterIP must be inside the service CIDR (10.96.0.0/12).",
  },
  "unnamed-port": { severity: "error", hint: "Every port of a multi-port Service needs a unique `name`." },
  "duplicate-port-name": { severity: "error", hint: "Port names must be unique within a Service." },
  "selector-matches-nothing": {
    severity: "warning",
    hint: "Check the selector against the pod template labels (and the namespace).",
  },
  "selector-other-namespace": {
    severity: "warning",
    hint: "A Service only selects pods in its own namespace: move one of them.",
  },
  "target-port-not-exposed": {
    severity: "warning",
    hint: "Declare the port in the container's `ports`, or point targetPort at a port the app listens on.",
  },
  "named-target-port-missing": {
    severity: "warning",
    hint: "Name the container port like the Service's targetPort on every selected pod.",
  },
  "endpoints-without-service": {
    severity: "warning",
    hint: "Manual Endpoints must have the same name (and namespace) as their Service.",
  },
  "endpoints-port-mismatch": {
    severity: "warning",
    hint: "Endpoints ports are matched to Service ports by name.",
  },
  "endpoints-ignored": {
    severity: "info",
    hint: "A Service with a selector has its Endpoints managed by the control plane; remove the selector to use yours.",
  },
  "external-name-invalid": {
    severity: "error",
    hint: "ExternalName Services need `spec.externalName`, a DNS name.",
  },
  "node-not-found": {
    severity: "warning",
    hint: "spec.nodeName names a node that does not exist in the manifest.",
  },
  "pod-unschedulable": {
    severity: "warning",
    hint: "Relax the nodeSelector, add a matching node, or give the node a larger podCIDR.",
  },
  "headless-with-nodeport": {
    severity: "error",
    hint: "A headless Service (clusterIP: None) cannot be NodePort or LoadBalancer.",
  },
  "local-policy-on-clusterip": {
    severity: "info",
    hint: "externalTrafficPolicy only applies to NodePort, LoadBalancer and externalIPs traffic.",
  },
  "ingress-path-type": {
    severity: "error",
    hint: "networking.k8s.io/v1 requires pathType: Exact, Prefix or ImplementationSpecific.",
  },
  "ingress-deprecated-api": {
    severity: "warning",
    hint: "Kubernetes 1.22 removed this version; use networking.k8s.io/v1 as shown.",
  },
  "ingress-not-served": {
    severity: "warning",
    hint: "Set ingressClassName to a class of the controller (ingress-nginx: nginx), or mark one IngressClass as default.",
  },
  "ingress-backend-missing": {
    severity: "warning",
    hint: "Point the backend at a Service in the Ingress's namespace, by one of its port numbers or port names.",
  },
  "ingress-path-invalid": {
    severity: "error",
    hint: "Exact and Prefix paths must start with /.",
  },
  "ingress-regex-path": {
    severity: "warning",
    hint: 'Regular expressions need pathType: ImplementationSpecific and nginx.ingress.kubernetes.io/use-regex: "true".',
  },
  "ingress-host-invalid": {
    severity: "error",
    hint: "A host is a DNS name (not an IP); a wildcard is a single leading `*.` label.",
  },
  "ingress-tls-host": {
    severity: "warning",
    hint: "List the host in a rule too, or remove it from tls: TLS hosts only matter for the rules' hosts.",
  },
  "ingress-tls-secret": {
    severity: "warning",
    hint: "Create the kubernetes.io/tls Secret in the Ingress's namespace; until then ingress-nginx serves its fake certificate.",
  },
  "ingress-conflict": {
    severity: "warning",
    hint: "Give each host and path one owner; ingress-nginx's admission webhook rejects such overlaps.",
  },
  "ingress-canary-orphan": {
    severity: "warning",
    hint: "A canary Ingress needs a main Ingress with the same host and path.",
  },
  "ingress-annotation-unmodelled": {
    severity: "info",
    hint: "The simulation routes as if these annotations were absent.",
  },
  "istio-host-unknown": {
    severity: "warning",
    hint: "Name an existing Service (a short name means the VirtualService's namespace; write name.namespace.svc.cluster.local for another) or add a ServiceEntry for an outside host.",
  },
  "istio-subset-missing": {
    severity: "warning",
    hint: "Define the subset in a DestinationRule for that host (spec.subsets[].name), or route to the host without a subset.",
  },
  "istio-subset-empty": {
    severity: "warning",
    hint: "Give the subset labels the pods behind the Service carry, or deploy the version it names.",
  },
  "istio-gateway-no-pods": {
    severity: "warning",
    hint: "Select the gateway pods by their labels; the default ingress gateway's are istio: ingressgateway.",
  },
  "istio-vs-conflict": {
    severity: "warning",
    hint: "Merge the VirtualServices for this host into one: sidecars use only the oldest.",
  },
  "istio-route-unreachable": {
    severity: "warning",
    hint: "Put the narrower route first, or remove it: Envoy uses the first route that matches.",
  },
  "istio-strict-no-sidecar": {
    severity: "warning",
    hint: 'Inject the sidecar (namespace label istio-injection=enabled or pod label sidecar.istio.io/inject: "true", then restart the pods), or make mTLS PERMISSIVE for this workload.',
  },
  "istio-port-protocol": {
    severity: "info",
    hint: "Name the port <protocol>[-suffix] (http, http2, https, grpc, grpc-web, tcp, tls, mongo, mysql, redis) or set appProtocol.",
  },
  "lb-pending": {
    severity: "info",
    hint: "Without a cloud controller the address would stay <pending>; the simulation assigns one.",
  },
} as const satisfies Record<string, { severity: Severity; hint: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  hint: string;
  file: string;
  line: number;
  column: number;
  object?: ObjectRef;
  /** Dotted field path inside the object, e.g. `spec.ports[0].nodePort`. */
  field?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function formatFieldPath(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}
