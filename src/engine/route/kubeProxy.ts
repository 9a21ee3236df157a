import type { SimEndpoint, SimNode, SimService, SimServicePort } from "../model";
import type { FieldPath } from "../parse/positions";
import type { Trace } from "../traceTypes";
import { LATENCY_MS } from "./latency";
import { chainsOf, endpointChainOf } from "./proxyChains";
import type { TraceBuilder } from "./traceBuilder";

/** How the packet reached kube-proxy: it decides which policy and which chains apply. */
export type ProxyEntry = "cluster-ip" | "node-port" | "external-ip";

export interface ProxyInput {
  service: SimService;
  port: SimServicePort;
  node: SimNode;
  entry: ProxyEntry;
  /** The destination as kube-proxy matched it, e.g. `10.96.0.12:3000` or `1.1.1.1:30080`. */
  matched: string;
  /** True for traffic from a pod or node (internalTrafficPolicy applies to the cluster IP). */
  fromInside: boolean;
}

function pct(p: number): string {
  return p.toFixed(5);
}

/**
 * kube-proxy's hop. Not a closure inside kubeProxy, which traffic runs call for every request:
 * tsx (the CLI, the bench) names each closure it creates with defineProperty, about a microsecond.
 */
function proxyHop(tb: TraceBuilder, input: ProxyInput, explanation: string, field?: FieldPath): void {
  const { service, port, node } = input;
  tb.hop({
    kind: "kube-proxy",
    name: "kube-proxy",
    namespace: "kube-system",
    address: node.internalIP,
    nodeName: node.name,
    explanation,
    delayMs: LATENCY_MS.kubeProxy,
    source: tb.index.sourceOf(
      "Service",
      service.namespace,
      service.name,
      field ?? ["spec", "ports", port.index],
    ),
  });
}

/**
 * kube-proxy on `node` picks an endpoint for a Service port, as the rules it programs would:
 * iptables (uniform random through a probability chain) or IPVS (round robin), with ClientIP
 * affinity and the traffic policies. Returns the endpoint, or the finished trace if it fails here.
 */
export function kubeProxy(tb: TraceBuilder, input: ProxyInput): SimEndpoint | Trace {
  const { service, port, node, entry, matched } = input;
  const { index, request } = tb;
  const mode = index.cluster.settings.proxyMode;
  const all =
    (index.cluster.endpoints[service.key] ?? []).find((e) => e.portIndex === port.index)?.endpoints ?? [];
  const ready = all.filter((e) => e.ready);

  const chains = chainsOf(service, port);
  const external = entry !== "cluster-ip";
  const chainIn =
    mode === "ipvs"
      ? `IPVS virtual server ${matched} (scheduler rr)`
      : entry === "node-port"
        ? `KUBE-NODEPORTS matches port ${port.nodePort} → ${chains.external}`
        : entry === "external-ip"
          ? `KUBE-SERVICES matches external IP ${matched} → ${chains.external}`
          : `KUBE-SERVICES matches ${matched} → ${chains.service}`;

  if (ready.length === 0) {
    proxyHop(
      tb,
      input,
      `kube-proxy on ${node.name}: Service ${service.name} has no ready endpoints${all.length ? ` (${all.length} not ready)` : ""}, so ${mode === "ipvs" ? "the virtual server has no real servers and" : "KUBE-SERVICES has a REJECT rule for it:"} the connection is refused.`,
    );
    return tb.fail("connection-refused");
  }

  // externalTrafficPolicy: Local for NodePort/LB/externalIP traffic from outside; internalTrafficPolicy
  // for the cluster IP. Traffic from inside the cluster to an external address is treated as Cluster.
  const localExternal = external && !input.fromInside && service.externalTrafficPolicy === "Local";
  const localInternal = entry === "cluster-ip" && service.internalTrafficPolicy === "Local";
  let candidates = ready;
  if (localExternal || localInternal) {
    candidates = ready.filter((e) => e.nodeName === node.name);
    if (candidates.length === 0) {
      const field = localExternal ? "externalTrafficPolicy" : "internalTrafficPolicy";
      proxyHop(
        tb,
        input,
        `kube-proxy on ${node.name}: ${field}: Local allows only endpoints on this node and ${node.name} has none of the ${ready.length} ready ones, so the packet is dropped${mode === "iptables" ? ` (${chains.local} is empty → KUBE-MARK-DROP)` : ""}.`,
        ["spec", field],
      );
      return tb.fail("dropped");
    }
  }

  const n = candidates.length;
  const clientIP = request.source.clientIP;
  const affinityKey = `${node.name}|${service.key}:${port.index}|${clientIP}`;
  let chosen: number;
  let how: string;
  const remembered = service.sessionAffinity === "ClientIP" ? tb.state.affinity.get(affinityKey) : undefined;
  if (remembered !== undefined && remembered < n) {
    chosen = remembered;
    how =
      mode === "ipvs"
        ? `persistence (sessionAffinity: ClientIP, ${service.affinityTimeoutSeconds}s) sends ${clientIP} back to the same real server`
        : `the "recent" match (sessionAffinity: ClientIP, ${service.affinityTimeoutSeconds}s) sends ${clientIP} back to ${endpointChainOf(service, port, candidates[chosen] as SimEndpoint)}`;
  } else if (mode === "ipvs") {
    const rrKey = `${node.name}|${matched}`;
    const position = tb.state.roundRobin.get(rrKey) ?? 0;
    tb.state.roundRobin.set(rrKey, position + 1);
    chosen = position % n;
    how = `round robin picks real server ${chosen + 1} of ${n}`;
  } else {
    // Rule i of n matches with probability 1/(n-i); the last rule is unconditional (K-VIP).
    chosen = n - 1;
    for (let i = 0; i < n - 1; i++) {
      if (tb.random() < 1 / (n - i)) {
        chosen = i;
        break;
      }
    }
    const probability =
      chosen === n - 1 ? "the last rule, unconditional" : `probability ${pct(1 / (n - chosen))}`;
    how = `${localExternal || localInternal ? `${chains.local} (local endpoints only)` : chains.service} rule ${chosen + 1} of ${n} (${probability}) → ${endpointChainOf(service, port, candidates[chosen] as SimEndpoint)}`;
  }
  if (service.sessionAffinity === "ClientIP") tb.state.affinity.set(affinityKey, chosen);
  const endpoint = candidates[chosen] as SimEndpoint;
  proxyHop(
    tb,
    input,
    `kube-proxy on ${node.name} (${mode}): ${chainIn}; ${how}; DNAT to ${endpoint.ip}:${endpoint.port}.`,
    remembered !== undefined ? ["spec", "sessionAffinity"] : undefined,
  );
  return endpoint;
}
