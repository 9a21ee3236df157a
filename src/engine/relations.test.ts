import { describe, expect, it } from "vitest";
import { analyze } from "./analyze";
import { objectRelations } from "./relations";

const yaml = `apiVersion: v1
kind: Node
metadata: {name: node-a}
status: {addresses: [{type: InternalIP, address: 10.0.0.1}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec: {nodeName: node-a, containers: [{name: app, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}
`;

describe("objectRelations", () => {
  const { cluster } = analyze([{ name: "m.yaml", text: yaml }]);
  const ip = cluster.pods[0]?.ip;
  it.each([
    {
      ref: { kind: "Service", namespace: "default", name: "web" },
      label: "Endpoints of port 80",
      text: `${ip}:8080 web-1`,
    },
    { ref: { kind: "Pod", namespace: "default", name: "web-1" }, label: "Selected by", text: "web" },
    { ref: { kind: "Pod", namespace: "default", name: "web-1" }, label: "Runs on", text: "node-a" },
    {
      ref: { kind: "Node", namespace: "", name: "node-a" },
      label: "NodePorts open here",
      text: "10.0.0.1:30080 → web",
    },
    { ref: { kind: "Node", namespace: "", name: "node-a" }, label: "Pods", text: `web-1 ${ip}` },
  ])("$ref.kind $ref.name: $label $text", ({ ref, label, text }) => {
    const relation = objectRelations(cluster, ref).find((r) => r.label === label);
    expect(relation?.items.map((i) => i.text)).toContain(text);
  });

  it("an object that is gone has no relations", () => {
    expect(objectRelations(cluster, { kind: "Service", namespace: "default", name: "nope" })).toEqual([]);
  });
});

const routed = `${yaml}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: front}
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /web, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - route:
    - destination: {host: web}
`;

describe("routing rules in the relations", () => {
  const { cluster } = analyze([{ name: "m.yaml", text: routed }]);
  it.each([
    {
      ref: { kind: "Ingress", namespace: "default", name: "front" },
      label: "Routes to",
      text: "shop.example.com /web → web",
    },
    {
      ref: { kind: "VirtualService", namespace: "default", name: "web" },
      label: "Routes to",
      text: "route 1 → web",
    },
    {
      ref: { kind: "Service", namespace: "default", name: "web" },
      label: "Routed to by",
      text: "Ingress front: shop.example.com /web",
    },
    {
      ref: { kind: "Service", namespace: "default", name: "web" },
      label: "Routed to by",
      text: "VirtualService web: route 1",
    },
  ])("$ref.kind $ref.name: $label $text", ({ ref, label, text }) => {
    const relation = objectRelations(cluster, ref).find((r) => r.label === label);
    expect(relation?.items.map((i) => i.text)).toContain(text);
  });
});
