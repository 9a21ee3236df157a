import type { ObjectRef } from "./diagnostics";
import { serviceOfFqdn } from "./kinds/istioHost";
import type { Cluster } from "./model";

/** One line of "what this object is connected to", for the inspector. */
export interface Relation {
  label: string;
  /** The related objects, each with the detail that makes the relation concrete (IP:port, ready). */
  items: { ref: ObjectRef | null; text: string }[];
}

/**
 * How a selected object is wired into the reconciled cluster: a Service to its endpoints, a pod to
 * its node, owner and Services, a node to its pods and NodePorts. Read off the model, never re-derived.
 */
export function objectRelations(cluster: Cluster, ref: ObjectRef): Relation[] {
  switch (ref.kind) {
    case "Service":
      return serviceRelations(cluster, ref);
    case "Pod":
      return podRelations(cluster, ref);
    case "Node":
      return nodeRelations(cluster, ref.name);
    case "Ingress":
    case "VirtualService":
      return [{ label: "Routes to", items: routesOf(cluster, ref) }];
    default:
      return [];
  }
}

/** A routing rule (an Ingress path, a VirtualService route) and the Service it sends to. */
interface RouteLink {
  rule: ObjectRef;
  service: ObjectRef;
  text: string;
}

/** Every Ingress path and VirtualService route destination the controller and istiod configured. */
function routeLinks(cluster: Cluster): RouteLink[] {
  const links: RouteLink[] = [];
  for (const server of cluster.ingress?.servers ?? []) {
    for (const location of server.locations) {
      const { backend, ingress } = location;
      if (backend?.kind !== "service") continue;
      links.push({
        rule: { kind: "Ingress", namespace: ingress.namespace, name: ingress.name },
        service: { kind: "Service", namespace: ingress.namespace, name: backend.name },
        text: `${server.hostname === "_" ? "any host" : server.hostname} ${location.path}`,
      });
    }
  }
  for (const vs of cluster.mesh?.virtualServices ?? []) {
    for (const route of vs.http) {
      for (const destination of route.route) {
        const service = serviceOfFqdn(destination.host, cluster.settings.clusterDomain);
        if (!service) continue;
        links.push({
          rule: { kind: "VirtualService", namespace: vs.ref.namespace, name: vs.ref.name },
          service: { kind: "Service", ...service },
          text: `route ${route.index + 1}${destination.subset ? `, subset ${destination.subset}` : ""}${destination.weight ? `, weight ${destination.weight}` : ""}`,
        });
      }
    }
  }
  return links;
}

const same = (a: ObjectRef, b: ObjectRef) =>
  a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

function routesOf(cluster: Cluster, rule: ObjectRef): Relation["items"] {
  return routeLinks(cluster)
    .filter((l) => same(l.rule, rule))
    .map((l) => ({ ref: l.service, text: `${l.text} → ${l.service.name}` }));
}

function serviceRelations(cluster: Cluster, ref: ObjectRef): Relation[] {
  const service = cluster.services.find((s) => s.namespace === ref.namespace && s.name === ref.name);
  if (!service) return [];
  const podsByKey = new Map(cluster.pods.map((p) => [p.key, p]));
  const routedBy = routeLinks(cluster).filter((l) => same(l.service, ref));
  const endpoints = (cluster.endpoints[service.key] ?? []).map((portEndpoints) => {
    const port = service.ports[portEndpoints.portIndex];
    return {
      label: `Endpoints of port ${port?.name ?? port?.port ?? portEndpoints.portIndex}`,
      items: portEndpoints.endpoints.map((e) => {
        const pod = e.podKey ? podsByKey.get(e.podKey) : undefined;
        return {
          ref: pod ? { kind: "Pod", namespace: pod.namespace, name: pod.name } : null,
          text: `${e.ip}:${e.port}${pod ? ` ${pod.name}` : ""}${e.ready ? "" : " (not ready)"}`,
        };
      }),
    };
  });
  const routes =
    routedBy.length > 0
      ? [
          {
            label: "Routed to by",
            items: routedBy.map((l) => ({ ref: l.rule, text: `${l.rule.kind} ${l.rule.name}: ${l.text}` })),
          },
        ]
      : [];
  return [...endpoints, ...routes];
}

function podRelations(cluster: Cluster, ref: ObjectRef): Relation[] {
  const pod = cluster.pods.find((p) => p.namespace === ref.namespace && p.name === ref.name);
  if (!pod) return [];
  const services = cluster.services.filter(
    (s) =>
      s.namespace === pod.namespace &&
      s.selector !== null &&
      Object.keys(s.selector).length > 0 &&
      Object.entries(s.selector).every(([k, v]) => pod.labels[k] === v),
  );
  return [
    {
      label: "Runs on",
      items: [{ ref: { kind: "Node", namespace: "", name: pod.nodeName }, text: pod.nodeName }],
    },
    {
      label: "Made by",
      items: [{ ref: null, text: pod.owner ? `${pod.owner.kind} ${pod.owner.name}` : "nothing: a bare Pod" }],
    },
    {
      label: "Selected by",
      items: services.map((s) => ({
        ref: { kind: "Service", namespace: s.namespace, name: s.name },
        text: s.name,
      })),
    },
    {
      label: "Containers",
      items: pod.containers.map((c) => ({
        ref: null,
        text: `${c.name} (${c.image})${c.ports.length ? ` :${c.ports.map((p) => p.containerPort).join(", :")}` : ""}`,
      })),
    },
  ];
}

function nodeRelations(cluster: Cluster, name: string): Relation[] {
  const node = cluster.nodes.find((n) => n.name === name);
  if (!node) return [];
  const nodePorts = cluster.services.flatMap((s) =>
    s.ports.flatMap((p) => (p.nodePort ? [{ service: s, nodePort: p.nodePort }] : [])),
  );
  return [
    {
      label: "Pods",
      items: cluster.pods
        .filter((p) => p.nodeName === name)
        .map((p) => ({
          ref: { kind: "Pod", namespace: p.namespace, name: p.name },
          text: `${p.name} ${p.ip}`,
        })),
    },
    {
      // kube-proxy opens every NodePort on every node, whether or not a pod of the Service runs here.
      label: "NodePorts open here",
      items: nodePorts.map(({ service, nodePort }) => ({
        ref: { kind: "Service", namespace: service.namespace, name: service.name },
        text: `${node.internalIP}:${nodePort} → ${service.name}`,
      })),
    },
  ];
}
