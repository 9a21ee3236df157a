/** What a traced request produces. Plain data: the CLI prints it, the UI animates it. */

export type HopKind =
  | "client"
  | "dns"
  | "load-balancer"
  | "node"
  | "kube-proxy"
  | "ingress-controller"
  | "gateway"
  | "service"
  | "sidecar"
  | "pod"
  | "container"
  | "external";

/** The YAML that decided a hop: the object and the line of the deciding field. */
export interface HopSource {
  kind: string;
  namespace: string;
  name: string;
  file: string;
  line: number;
  column: number;
}

export interface Hop {
  kind: HopKind;
  name: string;
  namespace?: string;
  /** `ip` or `ip:port` as seen at this hop. */
  address?: string;
  /** One plain sentence: what happened here and which rule decided it. */
  explanation: string;
  delayMs?: number;
  source?: HopSource;
  /** The node this hop happens on, for drawing (kube-proxy, pods, node hops). */
  nodeName?: string;
}

/** Why a request ended where it did. A closed set: the UI, CLI and tests key on these. */
export type FailureReason =
  | "nxdomain"
  | "unreachable"
  | "connection-refused"
  | "dropped"
  | "timeout"
  | "external"
  /** A proxy answered itself: no route (404), */
  | "not-found"
  /** ... a backend without ready endpoints (503), */
  | "no-endpoints"
  /** ... or a redirect (301, 302, 308). */
  | "redirect"
  /** Envoy: a route names a cluster (subset) that does not exist, 503 NC. */
  | "no-cluster"
  /** Envoy: a fault injected by a VirtualService (abort with its status). */
  | "fault"
  /** A plaintext connection to a sidecar that requires mTLS (PeerAuthentication STRICT). */
  | "connection-reset"
  /** Envoy: REGISTRY_ONLY and a host outside the registry, 502 BlackHoleCluster. */
  | "blackhole"
  /** Envoy: every try failed to connect (the pods do not listen on the port), 503 UF,URX. */
  | "retries-exhausted"
  /** Envoy: the app answers slower than the route timeout (or every per-try timeout), 504 UT. */
  | "upstream-timeout";

export type Outcome =
  | { delivered: true; status: number; reason: "delivered"; elapsedMs: number }
  | { delivered: false; status: number | null; reason: FailureReason; elapsedMs: number };

export interface Destination {
  namespace: string;
  pod: string;
  workload: string;
  container: string;
  port: number;
  path: string;
  labels: Record<string, string>;
  /** The request headers the container receives, when a proxy changed them (else as sent). */
  headers?: Record<string, string>;
}

export interface Trace {
  outcome: Outcome;
  hops: Hop[];
  destination: Destination | null;
}

export type RequestSource = { kind: "external" } | { kind: "pod"; namespace: string; name: string };

/** A request as the user describes it. `routeRequest` fills the defaults once. */
export interface RequestSpec {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** `external` (default), a pod, or a workload (one of its pods is used). */
  from?: string;
  clientIP?: string;
  /**
   * `namespace/name` of the Service whose address public DNS gives an external request's host,
   * where several entry points (ingress controllers, gateways) could take it.
   */
  via?: string;
}
