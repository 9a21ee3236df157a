import {
  endpointChain,
  externalChain,
  serviceChain,
  serviceLocalChain,
  servicePortIdOf,
} from "../dataplane/chainNames";
import type { SimEndpoint, SimService, SimServicePort } from "../model";

/** The chains kube-proxy programs for one Service port (pkg/proxy/iptables/proxier.go). */
export interface PortChains {
  service: string;
  local: string;
  external: string;
}

/**
 * Chain names are SHA-256 hashes, the dearest part of a trace, and a traffic run passes the same
 * few chains again and again: they are named once per reconciled port and endpoint. Keyed by
 * the objects themselves, so the names go when the analysis does.
 */
const portChains = new WeakMap<SimServicePort, PortChains>();
const endpointChains = new WeakMap<SimEndpoint, string>();

export function chainsOf(service: SimService, port: SimServicePort): PortChains {
  let chains = portChains.get(port);
  if (!chains) {
    const id = servicePortIdOf(service, port);
    chains = { service: serviceChain(id), local: serviceLocalChain(id), external: externalChain(id) };
    portChains.set(port, chains);
  }
  return chains;
}

/** The KUBE-SEP chain of an endpoint of `port` (an endpoint object belongs to one Service port). */
export function endpointChainOf(service: SimService, port: SimServicePort, endpoint: SimEndpoint): string {
  let chain = endpointChains.get(endpoint);
  if (chain === undefined) {
    chain = endpointChain(servicePortIdOf(service, port), `${endpoint.ip}:${endpoint.port}`);
    endpointChains.set(endpoint, chain);
  }
  return chain;
}
