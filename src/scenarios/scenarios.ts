import ingressFanout from "../../public/scenarios/ingress-fanout.yaml?raw";
import ingressTls from "../../public/scenarios/ingress-tls.yaml?raw";
import ingressTwoNamespaces from "../../public/scenarios/ingress-two-namespaces.yaml?raw";
import ingressVirtualHosts from "../../public/scenarios/ingress-virtual-hosts.yaml?raw";
import istioBookinfo from "../../public/scenarios/istio-bookinfo.yaml?raw";
import clusterIP from "../../public/scenarios/services-clusterip.yaml?raw";
import loadBalancer from "../../public/scenarios/services-loadbalancer.yaml?raw";
import nodePort from "../../public/scenarios/services-nodeport.yaml?raw";

/** A request worth sending in a scenario; `from` is `external`, a pod or a workload (`NS/NAME`). */
export interface RequestPreset {
  label: string;
  from: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
}

export interface Scenario {
  id: string;
  title: string;
  /** Shown as the file name in hop sources and problems. */
  fileName: string;
  yaml: string;
  presets: RequestPreset[];
}

/** Bundled with `?raw`, so the app works offline and from any static host without fetching. */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: "clusterip",
    title: "ClusterIP Service",
    fileName: "services-clusterip.yaml",
    yaml: clusterIP,
    presets: [
      { label: "pod-nginx → service-python", from: "default/pod-nginx", url: "http://service-python:3000/" },
      {
        label: "by its full DNS name",
        from: "default/pod-nginx",
        url: "http://service-python.default.svc.cluster.local:3000/",
      },
      { label: "the ClusterIP from outside (fails)", from: "external", url: "http://10.101.80.154:3000/" },
      {
        label: "a name that does not exist (fails)",
        from: "default/pod-nginx",
        url: "http://service-java:3000/",
      },
    ],
  },
  {
    id: "nodeport",
    title: "NodePort Service",
    fileName: "services-nodeport.yaml",
    yaml: nodePort,
    presets: [
      { label: "outside → node-1:30080", from: "external", url: "http://4.4.4.1:30080/" },
      { label: "outside → node-2:30080", from: "external", url: "http://4.4.4.2:30080/" },
      { label: "inside, by Service name", from: "default/pod-nginx", url: "http://service-python:3000/" },
    ],
  },
  {
    id: "loadbalancer",
    title: "LoadBalancer Service",
    fileName: "services-loadbalancer.yaml",
    yaml: loadBalancer,
    presets: [
      { label: "outside → the load balancer", from: "external", url: "http://198.51.100.124:3000/" },
      { label: "outside → a node's NodePort", from: "external", url: "http://4.4.4.1:30080/" },
    ],
  },
  {
    id: "ingress-fanout",
    title: "Ingress: path fanout",
    fileName: "ingress-fanout.yaml",
    yaml: ingressFanout,
    presets: [
      { label: "/folder → service-nginx", from: "external", url: "http://example.com/folder" },
      { label: "/other → service-python", from: "external", url: "http://example.com/other" },
      { label: "/folder/x (Prefix matches)", from: "external", url: "http://example.com/folder/x" },
      { label: "/nothing (404)", from: "external", url: "http://example.com/nothing" },
    ],
  },
  {
    id: "ingress-virtual-hosts",
    title: "Ingress: name-based virtual hosts",
    fileName: "ingress-virtual-hosts.yaml",
    yaml: ingressVirtualHosts,
    presets: [
      { label: "first.bar.com", from: "external", url: "http://first.bar.com/" },
      { label: "second.bar.com", from: "external", url: "http://second.bar.com/" },
      { label: "any other name", from: "external", url: "http://example.com/" },
    ],
  },
  {
    id: "ingress-two-namespaces",
    title: "Ingress: two namespaces, one host",
    fileName: "ingress-two-namespaces.yaml",
    yaml: ingressTwoNamespaces,
    presets: [
      { label: "/cart (team cart)", from: "external", url: "http://shop.example.com/cart" },
      { label: "/blog (team blog)", from: "external", url: "http://shop.example.com/blog" },
    ],
  },
  {
    id: "ingress-tls",
    title: "Ingress: TLS termination",
    fileName: "ingress-tls.yaml",
    yaml: ingressTls,
    presets: [
      { label: "HTTPS, terminated at nginx", from: "external", url: "https://secure.example.com/" },
      { label: "plain HTTP (308 to HTTPS)", from: "external", url: "http://secure.example.com/" },
    ],
  },
  {
    id: "istio-bookinfo",
    title: "Istio: Bookinfo",
    fileName: "istio-bookinfo.yaml",
    yaml: istioBookinfo,
    presets: [
      {
        label: "browser → /productpage via the gateway",
        from: "external",
        url: "http://example.com/productpage",
      },
      {
        label: "productpage → reviews as jason (v2)",
        from: "default/productpage-v1",
        url: "http://reviews:9080/reviews/0",
        headers: { "end-user": "jason" },
      },
      {
        label: "productpage → reviews, anonymous (v1)",
        from: "default/productpage-v1",
        url: "http://reviews:9080/reviews/0",
      },
      { label: "reviews-v2 → ratings", from: "default/reviews-v2", url: "http://ratings:9080/ratings/0" },
    ],
  },
];

export const DEFAULT_SCENARIO = SCENARIOS[0] as Scenario;

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
