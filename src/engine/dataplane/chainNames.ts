import { base32, sha256 } from "./sha256";

/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go): a prefix plus the first 16 base32
 * characters of SHA-256 over "namespace/name:portName" + lower-case protocol (+ "ip:port" for an
 * endpoint), so they match what `iptables-save` shows on a real node.
 */
function hash16(text: string): string {
  return base32(sha256(text)).slice(0, 16);
}

export interface ServicePortId {
  namespace: string;
  name: string;
  portName: string | null;
  protocol: string;
}

/** `ns/name:port` — kube-proxy's ServicePortName string (the `:port` part only for named ports). */
export function servicePortName(id: ServicePortId): string {
  return `${id.namespace}/${id.name}${id.portName ? `:${id.portName}` : ""}`;
}

const svcHash = (id: ServicePortId) => hash16(servicePortName(id) + id.protocol.toLowerCase());

export const serviceChain = (id: ServicePortId) => `KUBE-SVC-${svcHash(id)}`;
export const serviceLocalChain = (id: ServicePortId) => `KUBE-SVL-${svcHash(id)}`;
export const externalChain = (id: ServicePortId) => `KUBE-EXT-${svcHash(id)}`;
export const firewallChain = (id: ServicePortId) => `KUBE-FW-${svcHash(id)}`;
export const endpointChain = (id: ServicePortId, endpoint: string) =>
  `KUBE-SEP-${hash16(servicePortName(id) + id.protocol.toLowerCase() + endpoint)}`;
