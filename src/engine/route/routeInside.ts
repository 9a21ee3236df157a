import type { SimNode, SimPod, SimService } from "../model";
import type { HopSource, Trace } from "../traceTypes";
import { deliver } from "./deliver";
import { resolveName } from "./dns";
import { routeThroughEnvoy } from "./envoyRoute";
import { kubeProxy } from "./kubeProxy";
import { LATENCY_MS } from "./latency";
import { egressThroughSidecar } from "./meshEgress";
import { outboundSidecarHop } from "./meshInbound";
import { describeService, findPort, serviceHop } from "./serviceHop";
import type { TraceBuilder } from "./traceBuilder";

/** Cluster DNS's hop; these two are not closures in routeFromPod for the reason given at proxyHop. */
function dnsHop(
  tb: TraceBuilder,
  explanation: string,
  source: { source?: HopSource | undefined } = {},
): void {
  tb.hop({
    kind: "dns",
    name: "kube-dns",
    namespace: "kube-system",
    address: "10.96.0.10",
    explanation,
    delayMs: LATENCY_MS.dns,
    ...source,
  });
}

function serviceSource(tb: TraceBuilder, answer: { service: { namespace: string; name: string } }) {
  return { source: tb.index.sourceOf("Service", answer.service.namespace, answer.service.name) };
}

/** A pod's request: cluster DNS, then its own node's kube-proxy, then the chosen pod. */
export function routeFromPod(tb: TraceBuilder, pod: SimPod): Trace {
  const { index, request } = tb;
  tb.hop({
    kind: "client",
    name: pod.name,
    namespace: pod.namespace,
    address: pod.ip,
    nodeName: pod.nodeName,
    explanation: `Pod ${pod.name} on ${pod.nodeName} sends ${request.method} ${request.url}.`,
    source: index.sourceOf(pod.sourceKind, pod.namespace, pod.sourceName),
  });
  let ip = request.host;
  /** A headless Service the name resolved through: a sidecar routes it to the address DNS gave. */
  let headless: SimService | undefined;
  if (!request.hostIsIP) {
    const answer = resolveName(index, request.host, pod.namespace);
    switch (answer.type) {
      case "nxdomain":
        dnsHop(
          tb,
          `Cluster DNS: ${request.host} is NXDOMAIN (${answer.why}; tried ${answer.tried.join(", ")}).`,
        );
        return tb.fail("nxdomain");
      case "public":
        dnsHop(
          tb,
          `${request.host} is not a cluster name; cluster DNS forwards it upstream and the request leaves the cluster.`,
        );
        if (pod.sidecar && index.cluster.mesh) return egressThroughSidecar(tb, index.cluster.mesh, pod);
        tb.hop({
          kind: "external",
          name: request.host,
          explanation: `The request goes to ${request.host} outside the cluster.`,
        });
        return tb.fail("external");
      case "cname":
        dnsHop(
          tb,
          `Cluster DNS: ${answer.fqdn} is Service ${answer.service.name} of type ExternalName, so the answer is a CNAME to ${answer.target}; no proxying, the port stays ${request.port}.`,
          serviceSource(tb, answer),
        );
        tb.hop({
          kind: "external",
          name: answer.target,
          address: `${answer.target}:${request.port}`,
          explanation: `The request leaves the cluster for ${answer.target}:${request.port}.`,
        });
        return tb.fail("external");
      case "headless": {
        if (answer.ips.length === 0) {
          dnsHop(
            tb,
            `Cluster DNS: headless Service ${answer.service.name} has no ready endpoints, so ${answer.fqdn} has no A records.`,
            serviceSource(tb, answer),
          );
          return tb.fail("nxdomain");
        }
        const pick = answer.ips[Math.floor(tb.random() * answer.ips.length)] ?? "";
        dnsHop(
          tb,
          `Cluster DNS: ${answer.fqdn} is headless Service ${answer.service.name} (clusterIP: None): the answer is every ready pod IP (${answer.ips.join(", ")}); the client connects to ${pick}, no kube-proxy involved.`,
          serviceSource(tb, answer),
        );
        ip = pick;
        headless = answer.service;
        break;
      }
      case "pod":
        dnsHop(tb, `Cluster DNS: ${answer.fqdn} is pod ${answer.pod.name}, at ${answer.ip}.`);
        ip = answer.ip;
        headless = answer.service;
        break;
      case "clusterIP":
        dnsHop(
          tb,
          `Cluster DNS: ${request.host} → ${answer.fqdn} (search path of namespace ${pod.namespace}) → A ${answer.ip}, the clusterIP of Service ${answer.service.name}.`,
          serviceSource(tb, answer),
        );
        ip = answer.ip;
        break;
    }
  }
  const node = index.nodeByName.get(pod.nodeName) as SimNode;
  // A pod with a sidecar: Envoy intercepts the connection to a Service and routes it itself.
  const mesh = index.cluster.mesh;
  const service = pod.sidecar && mesh ? (headless ?? index.serviceByClusterIP.get(ip)) : undefined;
  const port = service ? findPort(service, request.port) : undefined;
  if (mesh && service && port) {
    outboundSidecarHop(tb, pod, `${ip}:${request.port}`);
    // A headless Service's outbound cluster is ORIGINAL_DST: the pod IP the client resolved stays.
    const originalDst = service === headless ? ip : undefined;
    return routeThroughEnvoy(tb, { mesh, proxy: pod, gateway: "mesh", service, port, originalDst });
  }
  return routeToAddress(tb, ip, node, pod.ip);
}

/** From a node (a pod's or the one that received the packet) to an IP: a Service, a node or a pod. */
export function routeToAddress(tb: TraceBuilder, ip: string, node: SimNode, seenFrom: string): Trace {
  const { index, request } = tb;
  const mode = index.cluster.settings.proxyMode;
  const matched = `${ip}:${request.port}`;
  const clusterService = index.serviceByClusterIP.get(ip);
  if (clusterService) {
    const port = findPort(clusterService, request.port);
    if (!port) {
      tb.hop({
        kind: "service",
        name: clusterService.name,
        namespace: clusterService.namespace,
        address: matched,
        explanation: `Service ${clusterService.name} (${describeService(clusterService)}) has no port ${request.port} (it has ${clusterService.ports.map((p) => p.port).join(", ")}), so kube-proxy has no rule for ${matched}: ${mode === "ipvs" ? "the node's own kube-ipvs0 address refuses it" : "the packet matches nothing and is never answered"}.`,
        source: index.sourceOf("Service", clusterService.namespace, clusterService.name, ["spec", "ports"]),
      });
      return tb.fail(mode === "ipvs" ? "connection-refused" : "timeout");
    }
    serviceHop(tb, clusterService, port, matched, `${matched} is the clusterIP of`);
    const chosen = kubeProxy(tb, {
      service: clusterService,
      port,
      node,
      entry: "cluster-ip",
      matched,
      fromInside: true,
    });
    if ("outcome" in chosen) return chosen;
    return deliver(tb, {
      endpoint: chosen,
      fromNode: node.name,
      seenFrom: `${seenFrom} (no SNAT inside the cluster)`,
    });
  }
  const externalService = index.serviceByLoadBalancerIP.get(ip) ?? index.serviceByExternalIP.get(ip);
  if (externalService) {
    const port = findPort(externalService, request.port);
    if (port) {
      // kube-proxy short-circuits in-cluster traffic to a LoadBalancer IP or externalIP (K-VIP).
      serviceHop(tb, externalService, port, matched, `${matched} is an external address of`);
      const chosen = kubeProxy(tb, {
        service: externalService,
        port,
        node,
        entry: "external-ip",
        matched,
        fromInside: true,
      });
      if ("outcome" in chosen) return chosen;
      return deliver(tb, { endpoint: chosen, fromNode: node.name, seenFrom });
    }
  }
  const targetNode = index.nodeByIP.get(ip);
  if (targetNode) {
    const service = index.serviceByNodePort.get(request.port);
    const port = service?.ports.find((p) => p.nodePort === request.port);
    if (targetNode.name !== node.name) {
      tb.hop({
        kind: "node",
        name: targetNode.name,
        address: `${ip}:${request.port}`,
        nodeName: targetNode.name,
        explanation: `The packet goes to node ${targetNode.name}.`,
        delayMs: LATENCY_MS.crossNode,
      });
    }
    if (!service || !port) {
      tb.hop({
        kind: "node",
        name: targetNode.name,
        address: `${ip}:${request.port}`,
        nodeName: targetNode.name,
        explanation: `Nothing listens on port ${request.port} of node ${targetNode.name} and no Service has that nodePort, so the connection is refused.`,
      });
      return tb.fail("connection-refused");
    }
    serviceHop(tb, service, port, `${ip}:${request.port}`, `nodePort ${request.port} belongs to`);
    const chosen = kubeProxy(tb, {
      service,
      port,
      node: targetNode,
      entry: "node-port",
      matched: `${ip}:${request.port}`,
      fromInside: true,
    });
    if ("outcome" in chosen) return chosen;
    return deliver(tb, {
      endpoint: chosen,
      fromNode: targetNode.name,
      seenFrom: `${targetNode.internalIP} (SNAT to the node)`,
    });
  }
  if (index.podByIP.has(ip)) {
    return deliver(tb, { endpoint: { ip, port: request.port, podKey: null }, fromNode: node.name, seenFrom });
  }
  tb.hop({
    kind: "external",
    name: ip,
    address: matched,
    explanation: `${ip} is not an address of this cluster, so the packet leaves through the node's default route.`,
  });
  return tb.fail("external");
}
