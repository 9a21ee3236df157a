import type { PortEndpoints, SimNode, SimService, SimServicePort } from "../model";
import type { Trace } from "../traceTypes";
import { deliver } from "./deliver";
import { kubeProxy, type ProxyEntry } from "./kubeProxy";
import { LATENCY_MS } from "./latency";
import { publicEntry } from "./publicEntry";
import { findPort, serviceHop } from "./serviceHop";
import type { TraceBuilder } from "./traceBuilder";

/** A node received the packet for a Service: kube-proxy there takes over. */
function throughNode(
  tb: TraceBuilder,
  service: SimService,
  port: SimServicePort,
  node: SimNode,
  entry: ProxyEntry,
  matched: string,
  how: string,
): Trace {
  serviceHop(tb, service, port, matched, how);
  const chosen = kubeProxy(tb, { service, port, node, entry, matched, fromInside: false });
  if ("outcome" in chosen) return chosen;
  // Cluster policy SNATs to the node so replies come back through it; Local keeps the client IP (K-SVC).
  const seenFrom =
    service.externalTrafficPolicy === "Local"
      ? `${tb.request.source.clientIP}, the client's own address (externalTrafficPolicy: Local, no SNAT)`
      : `${node.internalIP}, the node's address (externalTrafficPolicy: Cluster masquerades the client)`;
  return deliver(tb, { endpoint: chosen, fromNode: node.name, seenFrom });
}

function nodeHop(tb: TraceBuilder, node: SimNode, address: string, explanation: string): void {
  tb.hop({
    kind: "node",
    name: node.name,
    address,
    nodeName: node.name,
    explanation,
    delayMs: LATENCY_MS.node,
    ...(node.source ? { source: tb.index.sourceOf("Node", "", node.name, ["status", "addresses"]) } : {}),
  });
}

/** The cloud load balancer's hop; not a closure in viaLoadBalancer for the reason given at proxyHop. */
function lbHop(tb: TraceBuilder, service: SimService, address: string, explanation: string): void {
  tb.hop({
    kind: "load-balancer",
    name: service.name,
    namespace: service.namespace,
    address,
    explanation,
    delayMs: LATENCY_MS.loadBalancer,
    source: tb.index.sourceOf("Service", service.namespace, service.name, ["spec", "type"]),
  });
}

/**
 * Nodes that pass the health check of an externalTrafficPolicy: Local port: those with a ready
 * endpoint. Fixed for an analysis and asked by every request of a traffic run, so kept per port.
 */
const healthyByPort = new WeakMap<PortEndpoints, SimNode[]>();

function healthyNodes(nodes: readonly SimNode[], endpoints: PortEndpoints | undefined): SimNode[] {
  if (!endpoints) return [];
  let healthy = healthyByPort.get(endpoints);
  if (!healthy) {
    const withReady = new Set(endpoints.endpoints.filter((e) => e.ready).map((e) => e.nodeName));
    healthy = nodes.filter((n) => withReady.has(n.name));
    healthyByPort.set(endpoints, healthy);
  }
  return healthy;
}

function viaLoadBalancer(tb: TraceBuilder, service: SimService, ip: string): Trace {
  const { index, request } = tb;
  const port = findPort(service, request.port);
  const address = `${ip}:${request.port}`;
  if (!port || port.nodePort === null) {
    lbHop(
      tb,
      service,
      address,
      `The cloud load balancer of Service ${service.name} has no listener on port ${request.port} (it forwards ${service.ports.map((p) => p.port).join(", ")}), so the connection times out.`,
    );
    return tb.fail("timeout");
  }
  // With Local, the LB's health check (healthCheckNodePort) fails on nodes without a ready local
  // endpoint, so only nodes that have one get traffic (K-SVC).
  const local = service.externalTrafficPolicy === "Local";
  const endpoints = (index.cluster.endpoints[service.key] ?? []).find((e) => e.portIndex === port.index);
  const healthy = local ? healthyNodes(index.cluster.nodes, endpoints) : index.cluster.nodes;
  if (healthy.length === 0) {
    lbHop(
      tb,
      service,
      address,
      `The cloud load balancer of Service ${service.name} has no healthy node: with externalTrafficPolicy: Local the health check on port ${service.healthCheckNodePort} fails everywhere, so the request is dropped.`,
    );
    return tb.fail("dropped");
  }
  const node = healthy[Math.floor(tb.random() * healthy.length)] as SimNode;
  lbHop(
    tb,
    service,
    address,
    `The cloud load balancer of Service ${service.name} (type LoadBalancer) forwards port ${port.port} to nodePort ${port.nodePort} on one of ${healthy.length} ${local ? `nodes that pass the health check on port ${String(service.healthCheckNodePort)}` : "nodes"}: ${node.name}.`,
  );
  nodeHop(
    tb,
    node,
    `${node.internalIP}:${port.nodePort}`,
    `Node ${node.name} receives the packet on nodePort ${port.nodePort}.`,
  );
  return throughNode(
    tb,
    service,
    port,
    node,
    "node-port",
    `${node.internalIP}:${port.nodePort}`,
    `nodePort ${port.nodePort} belongs to`,
  );
}

/** A request from outside the cluster: to a load balancer, a node's port, or an external IP. */
export function routeExternal(tb: TraceBuilder): Trace {
  const { index, request } = tb;
  tb.hop({
    kind: "client",
    name: "external client",
    address: request.source.clientIP,
    explanation: `A client outside the cluster (${request.source.clientIP}) sends ${request.method} ${request.url}.`,
  });
  let ip = request.host;
  let resolved = request.hostIsIP;
  if (!resolved) {
    const entry = publicEntry(tb);
    if (entry) {
      tb.hop({
        kind: "dns",
        name: "public DNS",
        address: entry.ip,
        explanation: `Public DNS: ${request.host} → A ${entry.ip}, the address of Service ${entry.service.namespace}/${entry.service.name} (${entry.why}).`,
        delayMs: LATENCY_MS.dns,
        source: index.sourceOf("Service", entry.service.namespace, entry.service.name, ["spec", "type"]),
      });
      ip = entry.ip;
      resolved = true;
    }
  }
  if (!resolved) {
    tb.hop({
      kind: "dns",
      name: "public DNS",
      explanation: `Public DNS has no record for ${request.host}: cluster DNS names are not visible outside the cluster. Use a load balancer or node address.`,
      delayMs: LATENCY_MS.dns,
    });
    return tb.fail("nxdomain");
  }
  const address = `${ip}:${request.port}`;
  const lbService = index.serviceByLoadBalancerIP.get(ip);
  if (lbService) return viaLoadBalancer(tb, lbService, ip);

  const node = index.nodeByIP.get(ip);
  if (node) {
    const service = index.serviceByNodePort.get(request.port);
    const port = service?.ports.find((p) => p.nodePort === request.port);
    if (!service || !port) {
      nodeHop(
        tb,
        node,
        address,
        `Node ${node.name} has nothing listening on port ${request.port}: no Service has that nodePort (node ports are ${index.cluster.settings.proxyMode === "ipvs" ? "IPVS" : "iptables"} rules in 30000-32767), so the connection is refused.`,
      );
      return tb.fail("connection-refused");
    }
    nodeHop(
      tb,
      node,
      address,
      `Node ${node.name} receives the packet on nodePort ${request.port}, which kube-proxy opens on every node.`,
    );
    return throughNode(tb, service, port, node, "node-port", address, `nodePort ${request.port} belongs to`);
  }

  const externalIPService = index.serviceByExternalIP.get(ip);
  const externalPort = externalIPService ? findPort(externalIPService, request.port) : undefined;
  if (externalIPService && externalPort) {
    // Kubernetes does not announce externalIPs: the network routes them to a node, here the first.
    const first = index.cluster.nodes[0] as SimNode;
    nodeHop(
      tb,
      first,
      address,
      `${ip} is listed in spec.externalIPs of Service ${externalIPService.name}; the network routes it to node ${first.name}.`,
    );
    return throughNode(
      tb,
      externalIPService,
      externalPort,
      first,
      "external-ip",
      address,
      `${address} is an externalIP of`,
    );
  }

  const clusterService = index.serviceByClusterIP.get(ip);
  const pod = index.podByIP.get(ip);
  const what = clusterService
    ? `the clusterIP of Service ${clusterService.name}, a virtual address that exists only in kube-proxy's rules on the nodes`
    : pod
      ? `the IP of pod ${pod.name}, which is only routable inside the cluster's pod network`
      : "not an address this cluster answers on";
  tb.hop({
    kind: "external",
    name: ip,
    address,
    explanation: `${ip} is ${what}: from outside the cluster it is unreachable.`,
    ...(clusterService
      ? { source: index.sourceOf("Service", clusterService.namespace, clusterService.name, ["spec", "type"]) }
      : {}),
  });
  return tb.fail("unreachable");
}
