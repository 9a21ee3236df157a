/**
 * The Istio configuration istiod would push to every proxy, normalised once: plain data with a
 * reference back to the object that wrote each piece.
 */
import type { DestinationRuleDecl } from "./kinds/destinationRule";
import type { GatewayDecl } from "./kinds/istioGateway";
import type { PeerAuthenticationDecl } from "./kinds/peerAuthentication";
import type { ServiceEntryDecl } from "./kinds/serviceEntry";
import type { VirtualServiceDecl } from "./kinds/virtualService";

export interface MeshRef {
  namespace: string;
  name: string;
}

export type MeshVirtualService = Omit<VirtualServiceDecl, "object"> & { ref: MeshRef };
export type MeshDestinationRule = Omit<DestinationRuleDecl, "object"> & { ref: MeshRef };
export type MeshGateway = Omit<GatewayDecl, "object"> & { ref: MeshRef };
export type MeshPeerAuthentication = Omit<PeerAuthenticationDecl, "object"> & { ref: MeshRef };
export type MeshServiceEntry = Omit<ServiceEntryDecl, "object"> & { ref: MeshRef };

/** Where sidecars send traffic for hosts outside the registry (MeshConfig, semantics 4.7). */
export type OutboundTrafficPolicy = "ALLOW_ANY" | "REGISTRY_ONLY";

export interface Mesh {
  /** Where mesh-wide policy lives (istiod's namespace). */
  rootNamespace: string;
  /** Oldest first: the order istiod resolves conflicts in. */
  virtualServices: MeshVirtualService[];
  destinationRules: MeshDestinationRule[];
  gateways: MeshGateway[];
  peerAuthentications: MeshPeerAuthentication[];
  serviceEntries: MeshServiceEntry[];
  outboundTrafficPolicy: OutboundTrafficPolicy;
  /** Where the policy was set: the `istio` ConfigMap's mesh config, or Istio's default. */
  outboundPolicySource: MeshRef | null;
}
