import type { Cluster } from "../model";
import { type RuleContext, writeServicePort } from "./iptablesServicePort";
import { type IptablesTable, renderTable, TableBuilder } from "./iptablesTables";
import { categorizeEndpoints } from "./proxyEndpoints";
import { type DataplaneOptions, DEFAULT_CLUSTER_CIDR, proxiedServices, requireProxyNode } from "./proxyNode";

/** kube-proxy's default --iptables-masquerade-bit 14. */
const MASQUERADE_MARK = "0x4000";
/** proxier.go largeClusterEndpointsThreshold. */
const LARGE_CLUSTER_ENDPOINTS = 1000;

export interface KubeProxyTables {
  filter: IptablesTable;
  nat: IptablesTable;
}

/**
 * The filter and nat tables kube-proxy in iptables mode loads with iptables-restore on one node:
 * the fixed chains every node has (KUBE-POSTROUTING, KUBE-MARK-MASQ, KUBE-FORWARD, KUBE-FIREWALL)
 * and the rules for every Service port. Modelled on syncProxyRules in
 * pkg/proxy/iptables/proxier.go; the defaults are kube-proxy's (localhost node ports allowed,
 * node ports on every local address, no --masquerade-all).
 */
export function buildKubeProxyTables(cluster: Cluster, options: DataplaneOptions = {}): KubeProxyTables {
  const node = requireProxyNode(cluster, options);
  const filter = new TableBuilder("filter");
  const nat = new TableBuilder("nat");
  for (const c of [
    "KUBE-NODEPORTS",
    "KUBE-SERVICES",
    "KUBE-EXTERNAL-SERVICES",
    "KUBE-FIREWALL",
    "KUBE-FORWARD",
    "KUBE-PROXY-FIREWALL",
  ]) {
    filter.declare(c);
  }
  for (const c of ["KUBE-NODEPORTS", "KUBE-SERVICES", "KUBE-MARK-MASQ", "KUBE-POSTROUTING"]) nat.declare(c);

  const mark = MASQUERADE_MARK;
  nat.append("KUBE-POSTROUTING", "-m", "mark", "!", "--mark", `${mark}/${mark}`, "-j", "RETURN");
  // Clear the mark so a packet that goes through the stack again is not masqueraded twice.
  nat.append("KUBE-POSTROUTING", "-j", "MARK", "--xor-mark", mark);
  // --random-fully: every iptables since 1.6.2 has it, and kube-proxy uses it when present.
  nat.append(
    "KUBE-POSTROUTING",
    "-m",
    "comment",
    "--comment",
    '"kubernetes service traffic requiring SNAT"',
    "-j",
    "MASQUERADE",
    "--random-fully",
  );
  nat.append("KUBE-MARK-MASQ", "-j", "MARK", "--or-mark", mark);
  // route_localnet makes node ports answer on 127.0.0.1; this rule closes the hole it opens (#90259).
  filter.append(
    "KUBE-FIREWALL",
    "-m",
    "comment",
    "--comment",
    '"block incoming localnet connections"',
    "-d",
    "127.0.0.0/8",
    "!",
    "-s",
    "127.0.0.0/8",
    "-m",
    "conntrack",
    "!",
    "--ctstate",
    "RELATED,ESTABLISHED,DNAT",
    "-j",
    "DROP",
  );

  const services = proxiedServices(cluster);
  const totalEndpoints = services.reduce(
    (sum, s) => sum + (cluster.endpoints[s.key] ?? []).reduce((n, p) => n + p.endpoints.length, 0),
    0,
  );
  const ctx: RuleContext = {
    filter,
    nat,
    clusterCIDR: options.clusterCIDR === undefined ? DEFAULT_CLUSTER_CIDR : options.clusterCIDR,
    largeCluster: totalEndpoints > LARGE_CLUSTER_ENDPOINTS,
  };
  for (const service of services) {
    for (const port of service.ports) {
      writeServicePort(ctx, service, port, categorizeEndpoints(cluster, service, port, node.name));
    }
  }

  // Node ports are matched last, on any local address (--nodeport-addresses unset).
  nat.append(
    "KUBE-SERVICES",
    "-m",
    "comment",
    "--comment",
    '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"',
    "-m",
    "addrtype",
    "--dst-type",
    "LOCAL",
    "-j",
    "KUBE-NODEPORTS",
  );
  filter.append("KUBE-FORWARD", "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP");
  filter.append(
    "KUBE-FORWARD",
    "-m",
    "comment",
    "--comment",
    '"kubernetes forwarding rules"',
    "-m",
    "mark",
    "--mark",
    `${mark}/${mark}`,
    "-j",
    "ACCEPT",
  );
  filter.append(
    "KUBE-FORWARD",
    "-m",
    "comment",
    "--comment",
    '"kubernetes forwarding conntrack rule"',
    "-m",
    "conntrack",
    "--ctstate",
    "RELATED,ESTABLISHED",
    "-j",
    "ACCEPT",
  );
  return { filter: filter.build(), nat: nat.build() };
}

/**
 * What kube-proxy (iptables mode) programs on a node, as text: the iptables-restore input it
 * writes, with chains in the order kube-proxy's own tests print them (proxier_test.go).
 * `iptables-save` shows the same rules with its own argument order and `/32` on addresses.
 */
export function renderIptables(cluster: Cluster, options: DataplaneOptions = {}): string {
  const node = requireProxyNode(cluster, options);
  const { filter, nat } = buildKubeProxyTables(cluster, options);
  return [
    `# kube-proxy (iptables mode) on node ${node.name} (${node.internalIP}): the rules it loads with iptables-restore.`,
    "# nat PREROUTING and OUTPUT jump to KUBE-SERVICES, POSTROUTING to KUBE-POSTROUTING; filter INPUT,",
    "# FORWARD and OUTPUT jump to KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-NODEPORTS, KUBE-FORWARD.",
    ...renderTable(filter),
    ...renderTable(nat),
  ].join("\n");
}
