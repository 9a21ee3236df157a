import { describe, expect, it } from "vitest";
import { analyze } from "../engine/analyze";
import { routeRequest } from "../engine/trace";
import { hopStops } from "./hopStops";
import { layoutCluster } from "./layoutCluster";

const TEXT = `apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {nodeName: n1, containers: [{name: curl, image: curl}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: app, image: app, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}`;

const analysis = analyze([{ name: "test.yaml", text: TEXT }]);
const layout = layoutCluster(analysis.cluster);
const lbIP = analysis.cluster.services[0]?.loadBalancerIPs[0];

describe("hopStops", () => {
  it.each([
    {
      case: "from a pod: no stop for cluster DNS; the container is in the pod before it",
      spec: { url: "http://web/", from: "default/client" },
      stops: [
        "client pod:default/Pod/client",
        null,
        "service svc:default/Service/web",
        "kube-proxy node:n1",
        "pod pod:default/Pod/web",
        "container pod:default/Pod/web",
      ],
    },
    {
      case: "from outside through the load balancer",
      spec: { url: `http://${lbIP}/` },
      stops: [
        "client client",
        "load-balancer lb:default/Service/web",
        "node node:n1",
        "service svc:default/Service/web",
        "kube-proxy node:n1",
        "pod pod:default/Pod/web",
        "container pod:default/Pod/web",
      ],
    },
  ])("$case", ({ spec, stops }) => {
    const trace = routeRequest(analysis, spec);
    const labelled = hopStops(trace, layout).map((stop, i) =>
      stop ? `${trace.hops[i]?.kind} ${stop.id}` : null,
    );
    expect(labelled).toEqual(stops);
  });

  it("puts kube-proxy and a container at different points of their box than its icon", () => {
    const trace = routeRequest(analysis, { url: "http://web/", from: "default/client" });
    const [, , , proxy, pod, container] = hopStops(trace, layout);
    const node = layout.boxes.find((b) => b.id === "node:n1");
    expect(proxy?.x).toBeGreaterThan((node?.x ?? 0) + (node?.width ?? 0) / 2);
    expect(container?.y).toBeGreaterThan(pod?.y ?? Number.POSITIVE_INFINITY);
  });

  it("stops nginx's hop at the controller pod, then goes straight to the backend pod", () => {
    const withIngress = analyze([
      {
        name: "test.yaml",
        text: `${TEXT}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}`,
      },
    ]);
    const trace = routeRequest(withIngress, { url: "http://shop.example/" });
    const stops = hopStops(trace, layoutCluster(withIngress.cluster));
    const controller = withIngress.cluster.pods.find((p) => p.namespace === "ingress-nginx");
    const labelled = trace.hops.map((h, i) => `${h.kind} ${stops[i]?.id ?? "-"}`);
    expect(labelled.slice(-4)).toEqual([
      `ingress-controller pod:ingress-nginx/Pod/${controller?.name}`,
      "service svc:default/Service/web",
      "pod pod:default/Pod/web",
      "container pod:default/Pod/web",
    ]);
  });
});
