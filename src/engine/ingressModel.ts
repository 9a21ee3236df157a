/**
 * What the ingress-nginx controller makes of the Ingresses it serves, in its own nouns
 * (NGX-C `pkg/apis/ingress/types.go`): Server(host) -> Location(path) -> Backend. Plain data.
 */
import type { IngressBackend, PathType } from "./kinds/ingress";
import type { CanaryRules, NginxAnnotations } from "./kinds/nginxAnnotations";
import type { FieldPath } from "./parse/positions";

export interface IngressRef {
  namespace: string;
  name: string;
}

/** How nginx compares the request path with a location (semantics 3.1). */
export type LocationMatch = "exact" | "prefix" | "regex";

export interface NginxLocation {
  /** The location path as nginx is configured with it. */
  path: string;
  match: LocationMatch;
  /** The Ingress path it came from, and its pathType. */
  ingressPath: string;
  pathType: PathType;
  ingress: IngressRef;
  /** null when the path names nothing usable (no backend written). */
  backend: IngressBackend | null;
  /** Where in the Ingress the path (or the defaultBackend) is written. */
  field: FieldPath;
  annotations: NginxAnnotations;
  /** True for the Ingress's own defaultBackend, the fallback for its hosts' unmatched paths. */
  isDefaultBackend: boolean;
  canary: {
    ingress: IngressRef;
    backend: IngressBackend;
    annotations: NginxAnnotations;
    rules: CanaryRules;
  } | null;
}

export interface NginxTLS {
  secretName: string;
  ingress: IngressRef;
  /** False: the Secret is not in the manifest, so the controller serves its fake certificate. */
  secretFound: boolean;
}

export interface NginxServer {
  /** `_` is the catch-all server for hosts no rule claims. */
  hostname: string;
  /** Any location of the host uses regex or a rewrite: every location becomes `~*` (semantics 3.1). */
  useRegex: boolean;
  tls: NginxTLS | null;
  /** In the order nginx evaluates them. */
  locations: NginxLocation[];
}

export interface IngressStatus {
  ingress: IngressRef;
  /** Served by the controller, or why not. */
  served: boolean;
  reason: string;
  canary: boolean;
  unmodelledAnnotations: string[];
}

export interface IngressController {
  namespace: string;
  /** The Service that exposes the controller pods (LoadBalancer or NodePort). */
  serviceName: string;
  /** Pod labels that mark controller pods. */
  podLabels: Record<string, string>;
  /** IngressClass names this controller serves. */
  classes: string[];
  /** True when the manifest had no controller and the standard one was added. */
  assumed: boolean;
}

export interface IngressNginx {
  controller: IngressController;
  servers: NginxServer[];
  ingresses: IngressStatus[];
}
