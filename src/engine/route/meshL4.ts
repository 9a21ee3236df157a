/**
 * TCP and TLS routing in a sidecar (I-CODE pilot/pkg/networking/core/tls.go): the filter chains
 * istiod builds on a Service's non-HTTP outbound listener, and the one a connection takes. The
 * Envoy text (dataplane/envoyListeners.ts) renders the same chains, so both say the same thing.
 */

import { istioHostMatches } from "../kinds/istioHost";
import type { L4Match, L4Route } from "../kinds/l4Route";
import type { Mesh, MeshVirtualService } from "../meshModel";
import type { SimPod } from "../model";
import { cidrContains, parseCidr } from "../reconcile/ipam";
import { virtualServicesWithHost, visibleFrom } from "./meshMatch";

/** One filter chain: the route it hands connections to (null: the Service's own cluster). */
export interface L4Chain {
  vs: MeshVirtualService | null;
  route: L4Route | null;
  /** The match block that made the chain, -1 for a route without match or the default chain. */
  block: number;
  /** Checked per connection: the destination address must be in one (any address when empty). */
  subnets: string[];
  /** Checked per connection: the TLS SNI must be one of these (any, or none, when empty). */
  sniHosts: string[];
}

/** What istiod knows when it builds a sidecar's chains for one Service port. */
export interface L4Scope {
  mesh: Mesh;
  /** The Service's fully qualified name. */
  host: string;
  port: number;
  /** The pod the sidecar runs in: sourceLabels and sourceNamespace are checked against it. */
  proxy: Pick<SimPod, "labels" | "namespace">;
  /** `<clusterIP>/32`, or empty for a headless Service (its listeners are per pod IP). */
  serviceCidrs: string[];
  /** The port is TLS (named tls or https): tls routes apply, tcp routes do not; else the opposite. */
  tls: boolean;
}

/** The port, source and gateway conditions istiod checks when it builds the chains (matchTCP, matchTLS). */
function staticMatch(m: L4Match, scope: L4Scope): boolean {
  if (m.gateways && !m.gateways.includes("mesh")) return false;
  if (m.port !== null && m.port !== scope.port) return false;
  if (m.sourceNamespace !== null && m.sourceNamespace !== scope.proxy.namespace) return false;
  const labels = scope.proxy.labels;
  return !m.sourceLabels || Object.entries(m.sourceLabels).every(([k, v]) => labels[k] === v);
}

const DEFAULT_CHAIN = (scope: L4Scope): L4Chain => ({
  vs: null,
  route: null,
  block: -1,
  subnets: scope.serviceCidrs,
  sniHosts: [],
});

/**
 * TLS ports: a chain per distinct (SNI, subnets) of the tls matches that apply; the Service's own
 * cluster only when no tls match applies at all (buildSidecarOutboundTLSFilterChainOpts).
 */
function tlsChains(vss: readonly MeshVirtualService[], scope: L4Scope): L4Chain[] {
  const chains: L4Chain[] = [];
  const seen = new Set<string>();
  for (const vs of vss) {
    for (const route of vs.tls) {
      route.match.forEach((m, block) => {
        if (!staticMatch(m, scope)) return;
        const key = `${m.sniHosts.join(",")}|${m.destinationSubnets.join(",")}`;
        if (seen.has(key)) return;
        seen.add(key);
        const subnets = m.destinationSubnets.length > 0 ? m.destinationSubnets : scope.serviceCidrs;
        chains.push({ vs, route, block, subnets, sniHosts: m.sniHosts });
      });
    }
  }
  return chains.length > 0 ? chains : [DEFAULT_CHAIN(scope)];
}

/**
 * TCP ports: routes in order; a route without match, or a match without destinationSubnets, takes
 * every connection and ends the list; matches with subnets only add chains for those addresses.
 * The Service's own cluster comes last unless a route took everything (buildSidecarOutboundTCPFilterChainOpts).
 */
function tcpChains(vss: readonly MeshVirtualService[], scope: L4Scope): L4Chain[] {
  const chains: L4Chain[] = [];
  for (const vs of vss) {
    for (const route of vs.tcp) {
      if (route.match.length === 0) {
        chains.push({ vs, route, block: -1, subnets: scope.serviceCidrs, sniHosts: [] });
        return chains;
      }
      const subnets: string[] = [];
      let first = -1;
      for (const [block, m] of route.match.entries()) {
        if (!staticMatch(m, scope)) continue;
        if (m.destinationSubnets.length === 0) {
          chains.push({ vs, route, block, subnets: scope.serviceCidrs, sniHosts: [] });
          return chains;
        }
        if (first < 0) first = block;
        subnets.push(...m.destinationSubnets);
      }
      if (subnets.length > 0) chains.push({ vs, route, block: first, subnets, sniHosts: [] });
    }
  }
  // istiod skips the default chain when a route's subnets are exactly the Service's address.
  const same = chains.some((c) => [...c.subnets].sort().join() === [...scope.serviceCidrs].sort().join());
  return same ? chains : [...chains, DEFAULT_CHAIN(scope)];
}

/** The chains of one Service port, in istiod's order. */
export function l4Chains(scope: L4Scope): L4Chain[] {
  const vss = virtualServicesWithHost(scope.mesh, scope.host).filter(
    (vs) => vs.gateways.includes("mesh") && visibleFrom(vs, scope.proxy.namespace),
  );
  return scope.tls ? tlsChains(vss, scope) : tcpChains(vss, scope);
}

/** Prefix length of the most specific subnet holding the address: -1 none, 0 for "any address". */
function addressSpecificity(subnets: readonly string[], address: string | null): number {
  if (subnets.length === 0) return 0;
  let best = -1;
  for (const s of subnets) {
    const cidr = parseCidr(s.includes("/") ? s : `${s}/32`);
    if (cidr && address !== null && cidrContains(cidr, address))
      best = Math.max(best, 32 - Math.log2(cidr.size));
  }
  return best;
}

/** 2 for an exact server name, 1 for a wildcard, 0 for a chain that asks for none, -1 no match. */
function sniSpecificity(hosts: readonly string[], sni: string | null): number {
  if (hosts.length === 0) return 0;
  if (sni === null) return -1;
  if (hosts.includes(sni)) return 2;
  return hosts.some((h) => h.startsWith("*.") && istioHostMatches(h, sni)) ? 1 : -1;
}

/**
 * The chain Envoy picks for a connection: not the first in the list but the most specific match,
 * destination address first (longest prefix), then server name (Envoy's filter_chain_match order).
 * Null when none matches: Envoy then closes the connection.
 */
export function l4ChainFor(
  chains: readonly L4Chain[],
  address: string | null,
  sni: string | null,
): L4Chain | null {
  let best: L4Chain | null = null;
  let bestAddress = -1;
  let bestSni = -1;
  for (const chain of chains) {
    const a = addressSpecificity(chain.subnets, address);
    const s = sniSpecificity(chain.sniHosts, sni);
    if (a < 0 || s < 0) continue;
    if (a > bestAddress || (a === bestAddress && s > bestSni)) {
      best = chain;
      bestAddress = a;
      bestSni = s;
    }
  }
  return best;
}
