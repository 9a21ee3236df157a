import ingressFanout from "../../public/scenarios/ingress-fanout.yaml?raw";
import ingressTls from "../../public/scenarios/ingress-tls.yaml?raw";
import ingressTwoNamespaces from "../../public/scenarios/ingress-two-namespaces.yaml?raw";
import ingressVirtualHosts from "../../public/scenarios/ingress-virtual-hosts.yaml?raw";
import istioBookinfo from "../../public/scenarios/istio-bookinfo.yaml?raw";
import clusterIP from "../../public/scenarios/services-clusterip.yaml?raw";
import loadBalancer from "../../public/scenarios/services-loadbalancer.yaml?raw";
import nodePort from "../../public/scenarios/services-nodeport.yaml?raw";

export interface Scenario {
  id: string;
  title: string;
  /** Shown as the file name in hop sources and problems. */
  fileName: string;
  yaml: string;
}

/** Bundled with `?raw`, so the app works offline and from any static host without fetching. */
export const SCENARIOS: readonly Scenario[] = [
  { id: "clusterip", title: "ClusterIP Service", fileName: "services-clusterip.yaml", yaml: clusterIP },
  { id: "nodeport", title: "NodePort Service", fileName: "services-nodeport.yaml", yaml: nodePort },
  {
    id: "loadbalancer",
    title: "LoadBalancer Service",
    fileName: "services-loadbalancer.yaml",
    yaml: loadBalancer,
  },
  {
    id: "ingress-fanout",
    title: "Ingress: path fanout",
    fileName: "ingress-fanout.yaml",
    yaml: ingressFanout,
  },
  {
    id: "ingress-virtual-hosts",
    title: "Ingress: name-based virtual hosts",
    fileName: "ingress-virtual-hosts.yaml",
    yaml: ingressVirtualHosts,
  },
  {
    id: "ingress-two-namespaces",
    title: "Ingress: two namespaces, one host",
    fileName: "ingress-two-namespaces.yaml",
    yaml: ingressTwoNamespaces,
  },
  { id: "ingress-tls", title: "Ingress: TLS termination", fileName: "ingress-tls.yaml", yaml: ingressTls },
  { id: "istio-bookinfo", title: "Istio: Bookinfo", fileName: "istio-bookinfo.yaml", yaml: istioBookinfo },
];

export const DEFAULT_SCENARIO = SCENARIOS[0] as Scenario;

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
