/**
 * The reconciled cluster: what the control plane would have made of the manifest.
 * Plain JSON-serialisable data; every simulated object points back at the YAML that made it.
 */
import type { Diagnostic } from "./diagnostics";
import type { IngressNginx } from "./ingressModel";
import type { Mesh } from "./meshModel";
import type { Manifest, SourceRef } from "./parse/parseManifests";

/** `namespace/Kind/name`: one id space for every object, branded so it is not mixed with names. */
export type ObjectKey = string & { readonly __brand: "ObjectKey" };

export function objectKey(namespace: string, kind: string, name: string): ObjectKey {
  return `${namespace}/${kind}/${name}` as ObjectKey;
}

export type Protocol = "TCP" | "UDP" | "SCTP";
export type ProxyMode = "iptables" | "ipvs";

export interface SimNode {
  name: string;
  internalIP: string;
  externalIP: string | null;
  podCIDR: string;
  /** True when the manifest had no Node objects and the simulation made this one up. */
  assumed: boolean;
  /** The Ready condition; false once a simulated node failure (src/simulation) made it NotReady. */
  ready: boolean;
  /** `spec.unschedulable` (cordoned): the scheduler places no new pods here. */
  unschedulable: boolean;
  source: SourceRef | null;
}

export interface ContainerPort {
  name: string | null;
  containerPort: number;
  protocol: Protocol;
}

export interface SimContainer {
  name: string;
  image: string;
  ports: ContainerPort[];
}

export interface OwnerRef {
  kind: "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet";
  name: string;
}

export interface SimPod {
  key: ObjectKey;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  nodeName: string;
  ip: string;
  ready: boolean;
  containers: SimContainer[];
  /** The controller that made the pod; null for a bare Pod. */
  owner: OwnerRef | null;
  /** Deployment/StatefulSet/DaemonSet that owns it (a ReplicaSet's Deployment), or the pod's own name. */
  workload: string;
  hostname: string | null;
  subdomain: string | null;
  /** Istio's injector added an istio-proxy container (the last in `containers`). */
  sidecar: boolean;
  /**
   * How long the app takes to answer a request, from the `hopscope.dev/response-time` annotation
   * (a simulation input, not a Kubernetes one); null: the default app latency.
   */
  responseTimeMs: number | null;
  /** The Pod object or the workload's pod template. */
  source: SourceRef;
  sourceKind: string;
  sourceName: string;
}

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

export interface SimServicePort {
  index: number;
  name: string | null;
  protocol: Protocol;
  port: number;
  /** Number, or a container port name resolved per pod. Defaults to `port`. */
  targetPort: number | string;
  /** Allocated or given; null for ClusterIP/ExternalName (and LoadBalancer without node ports). */
  nodePort: number | null;
  nodePortAllocated: boolean;
}

export interface SimService {
  key: ObjectKey;
  name: string;
  namespace: string;
  type: ServiceType;
  headless: boolean;
  /** null for headless and ExternalName Services. */
  clusterIP: string | null;
  clusterIPAllocated: boolean;
  selector: Record<string, string> | null;
  ports: SimServicePort[];
  externalName: string | null;
  externalIPs: string[];
  /** LoadBalancer addresses: from status, else allocated by the simulated cloud. */
  loadBalancerIPs: string[];
  loadBalancerAllocated: boolean;
  externalTrafficPolicy: "Cluster" | "Local";
  internalTrafficPolicy: "Cluster" | "Local";
  sessionAffinity: "None" | "ClientIP";
  affinityTimeoutSeconds: number;
  publishNotReadyAddresses: boolean;
  healthCheckNodePort: number | null;
  source: SourceRef;
}

export interface SimEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  /** The pod behind the address, when it is one of the simulated pods. */
  podKey: ObjectKey | null;
  nodeName: string | null;
  hostname: string | null;
}

/** Endpoints of one Service port, in kube-proxy's order (sorted by IP then port). */
export interface PortEndpoints {
  portIndex: number;
  endpoints: SimEndpoint[];
  /** Where they came from: the selector, or a manual Endpoints/EndpointSlice object. */
  origin:
    | { kind: "selector" }
    | { kind: "none" }
    | { kind: "Endpoints" | "EndpointSlice"; name: string; source: SourceRef };
}

export interface OtherObject {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  source: SourceRef;
}

export interface ClusterSettings {
  proxyMode: ProxyMode;
  clusterDomain: string;
  serviceCIDR: string;
}

export interface Cluster {
  settings: ClusterSettings;
  namespaces: string[];
  nodes: SimNode[];
  pods: SimPod[];
  services: SimService[];
  /** Keyed by Service key. */
  endpoints: Record<string, PortEndpoints[]>;
  /** The ingress-nginx controller and what it serves; null without Ingresses. */
  ingress: IngressNginx | null;
  /** Istio's configuration; null without Istio objects or injected pods. */
  mesh: Mesh | null;
  /** Objects kept but not simulated (ConfigMaps, ServiceAccounts, ...). */
  others: OtherObject[];
}

export interface Analysis {
  manifest: Manifest;
  cluster: Cluster;
  diagnostics: Diagnostic[];
}
