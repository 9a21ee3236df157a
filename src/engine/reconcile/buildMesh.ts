import type { DestinationRuleDecl } from "../kinds/destinationRule";
import type { GatewayDecl } from "../kinds/istioGateway";
import type { PeerAuthenticationDecl } from "../kinds/peerAuthentication";
import type { VirtualServiceDecl } from "../kinds/virtualService";
import type { Mesh, MeshRef } from "../meshModel";
import type { ManifestObject } from "../parse/parseManifests";

export interface MeshDecls {
  virtualServices: VirtualServiceDecl[];
  destinationRules: DestinationRuleDecl[];
  gateways: GatewayDecl[];
  peerAuthentications: PeerAuthenticationDecl[];
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
  };
}
