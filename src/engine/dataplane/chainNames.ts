import type { SimService, SimServicePort } from "../model";
import { base32, sha256 } from "./sha256";

/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go, portProtoHash and
 * servicePortEndpointChainName): a prefix plus the first 16 characters of the standard base32 of
 * SHA-256 over ServicePortName.String() + lower-case protocol (+ the endpoint's "ip:port" for a
 * KUBE-SEP chain), so they match what `iptables-save` shows on a real node. Pinned against the
 * expected dumps in pkg/proxy/iptables/proxier_test.go (test/dataplane.chainNames.test.ts).
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

export function servicePortIdOf(service: SimService, port: SimServicePort): ServicePortId {
  return { namespace: service.namespace, name: service.name, portName: port.name, protocol: port.protocol };
}

/** `ns/name:port` — kube-proxy's ServicePortName.String() (pkg/proxy/types.go: `:port` only for named ports). */
export function servicePortName(id: ServicePortId): string {
  return `${id.namespace}/${id.name}${id.portName ? `:${id.portName}` : ""}`;
}

/** An endpoint as kube-proxy writes it (Go's net.JoinHostPort): `ip:port`, `[ip]:port` for IPv6. */
export function endpointString(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const svcHash = (id: ServicePortId) => hash16(servicePortName(id) + id.protocol.toLowerCase());

export const serviceChain = (id: ServicePortId) => `KUBE-SVC-${svcHash(id)}`;
export const serviceLocalChain = (id: ServicePortId) => `KUBE-SVL-${svcHash(id)}`;
export const externalChain = (id: ServicePortId) => `KUBE-EXT-${svcHash(id)}`;
export const firewallChain = (id: ServicePortId) => `KUBE-FW-${svcHash(id)}`;
export const endpointChain = (id: ServicePortId, endpoint: string) =>
  `KUBE-SEP-${hash16(servicePortName(id) + id.protocol.toLowerCase() + endpoint)}`;
