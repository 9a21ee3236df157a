import type { DestinationRuleDecl } from "../kinds/destinationRule";
import type { GatewayDecl } from "../kinds/istioGateway";
import type { PeerAuthenticationDecl } from "../kinds/peerAuthentication";
import { record } from "../kinds/read";
import type { ServiceEntryDecl } from "../kinds/serviceEntry";
import type { VirtualServiceDecl } from "../kinds/virtualService";
import type { Mesh, MeshRef } from "../meshModel";
import type { ManifestObject } from "../parse/parseManifests";

export interface MeshDecls {
  virtualServices: VirtualServiceDecl[];
  destinationRules: DestinationRuleDecl[];
  gateways: GatewayDecl[];
  peerAuthentications: PeerAuthenticationDecl[];
  serviceEntries: ServiceEntryDecl[];
  /** The `istio` ConfigMap in istio-system, whose `mesh` key holds the MeshConfig. */
  meshConfig: ManifestObject | null;
}

type Dated = { object: ManifestObject; createdAt?: string | null };

/** istiod resolves conflicts oldest first, ties by namespace/name. */
function oldestFirst<T extends Dated>(decls: readonly T[]): T[] {
  return [...decls].sort(
    (a, b) =>
      (a.createdAt ?? "").localeCompare(b.createdAt ?? "") ||
      a.object.namespace.localeCompare(b.object.namespace) ||
      a.object.name.localeCompare(b.object.name),
  );
}

function plain<T extends Dated>(decl: T): Omit<T, "object"> & { ref: MeshRef } {
  const { object, ...rest } = decl;
  return { ...rest, ref: { namespace: object.namespace, name: object.name } };
}

/** The mesh configuration, or null when nothing uses Istio. */
export function buildMesh(decls: MeshDecls, inUse: boolean): Mesh | null {
  if (!inUse) return null;
  return {
    rootNamespace: "istio-system",
    virtualServices: oldestFirst(decls.virtualServices).map(plain),
    destinationRules: oldestFirst(decls.destinationRules).map(plain),
    gateways: oldestFirst(decls.gateways).map(plain),
    peerAuthentications: oldestFirst(decls.peerAuthentications).map(plain),
    serviceEntries: oldestFirst(decls.serviceEntries).map(plain),
    ...outboundPolicy(decls.meshConfig),
  };
}

/** outboundTrafficPolicy.mode from the mesh config text; ALLOW_ANY is Istio's default. */
function outboundPolicy(
  config: ManifestObject | null,
): Pick<Mesh, "outboundTrafficPolicy" | "outboundPolicySource"> {
  const text = record(config?.body.data).mesh;
  const mode =
    typeof text === "string"
      ? /outboundTrafficPolicy:\s*\n?\s*\{?\s*mode:\s*(\w+)/.exec(text)?.[1]
      : undefined;
  if (!config || (mode !== "REGISTRY_ONLY" && mode !== "ALLOW_ANY")) {
    return { outboundTrafficPolicy: "ALLOW_ANY", outboundPolicySource: null };
  }
  return {
    outboundTrafficPolicy: mode,
    outboundPolicySource: { namespace: config.namespace, name: config.name },
  };
}
