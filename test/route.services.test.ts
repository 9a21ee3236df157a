import { describe, expect, it } from "vitest";
import { routeRequest } from "../src/engine/trace";
import type { RequestSpec } from "../src/engine/traceTypes";
import { analyzeYaml } from "./helpers";

/** Two nodes, a client pod on node-a and three web pods (two on node-a, one on node-b). */
const CLUSTER = `
apiVersion: v1
kind: Node
metadata: {name: node-a}
status: {addresses: [{type: InternalIP, address: 10.0.0.1}, {type: ExternalIP, address: 34.0.0.1}]}
---
apiVersion: v1
kind: Node
metadata: {name: node-b}
status: {addresses: [{type: InternalIP, address: 10.0.0.2}, {type: ExternalIP, address: 34.0.0.2}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {nodeName: node-a, containers: [{name: curl, image: curl}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: Pod
metadata: {name: outsider, namespace: other}
spec: {nodeName: node-b, containers: [{name: curl, image: curl}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec: {nodeName: node-a, containers: [{name: app, image: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web}}
spec: {nodeName: node-a, containers: [{name: app, image: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-3, labels: {app: web}}
spec: {nodeName: node-b, containers: [{name: app, image: web, ports: [{name: http, containerPort: 8080}]}]}
`;

function trace(service: string, request: RequestSpec, settings = {}) {
  const analysis = analyzeYaml(`${CLUSTER}---\n${service}`, settings);
  return routeRequest(analysis, request);
}

const svc = (spec: string, name = "web") =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: ${spec}`;
const CLUSTER_IP = svc("{selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}");
const NODE_PORT = svc(
  "{type: NodePort, selector: {app: web}, ports: [{port: 80, targetPort: http, nodePort: 30080}]}",
);
const LB = (policy: string) =>
  svc(
    `{type: LoadBalancer, externalTrafficPolicy: ${policy}, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}\nstatus: {loadBalancer: {ingress: [{ip: 198.51.100.7}]}}`,
  );

describe("routeRequest: Services", () => {
  it.each([
    ["a short name from the same namespace", CLUSTER_IP, { url: "http://web/", from: "default/client" }],
    ["name.namespace", CLUSTER_IP, { url: "http://web.default/", from: "other/outsider" }],
    ["name.namespace.svc", CLUSTER_IP, { url: "http://web.default.svc/", from: "other/outsider" }],
    ["the FQDN", CLUSTER_IP, { url: "http://web.default.svc.cluster.local/x?y=1", from: "default/client" }],
    ["a NodePort from outside", NODE_PORT, { url: "http://34.0.0.2:30080/" }],
    [
      "a node's internal IP and NodePort from a pod",
      NODE_PORT,
      { url: "http://10.0.0.2:30080/", from: "default/client" },
    ],
    ["a LoadBalancer IP from outside", LB("Cluster"), { url: "http://198.51.100.7/" }],
    [
      "a LoadBalancer IP from inside (kube-proxy short-circuits)",
      LB("Local"),
      { url: "http://198.51.100.7/", from: "client" },
    ],
  ])("delivers %s to a web pod on 8080", (_name, service, request) => {
    const { outcome, destination } = trace(service, request as RequestSpec);
    expect(outcome).toMatchObject({ delivered: true, status: 200, reason: "delivered" });
    expect(destination).toMatchObject({
      workload: expect.stringMatching(/^web-/),
      port: 8080,
      labels: { app: "web" },
    });
  });

  it("walks client → dns → service → kube-proxy → pod → container for a pod's request", () => {
    const t = trace(CLUSTER_IP, { url: "http://web/", from: "client" }, {});
    const kinds = t.hops.map((h) => h.kind).filter((k) => k !== "node");
    expect(kinds).toEqual(["client", "dns", "service", "kube-proxy", "pod", "container"]);
    expect(t.hops[3]?.explanation).toMatch(
      /KUBE-SERVICES matches 10\.\d+\.\d+\.\d+:80 → KUBE-SVC-[A-Z2-7]{16}/,
    );
    expect(t.hops[2]?.source).toMatchObject({ kind: "Service", name: "web", line: expect.any(Number) });
  });

  it("walks client → load-balancer → node → service → kube-proxy for a load balancer", () => {
    const t = trace(LB("Cluster"), { url: "http://198.51.100.7/" });
    expect(t.hops.slice(0, 5).map((h) => h.kind)).toEqual([
      "client",
      "load-balancer",
      "node",
      "service",
      "kube-proxy",
    ]);
    expect(t.hops.at(-2)?.explanation).toMatch(/the node's address \(externalTrafficPolicy: Cluster/);
  });

  it.each([
    ["an unknown name", CLUSTER_IP, { url: "http://nope/", from: "client" }, "nxdomain", "dns"],
    [
      "a short name from another namespace",
      CLUSTER_IP,
      { url: "http://web/", from: "other/outsider" },
      "nxdomain",
      "dns",
    ],
    [
      "a cluster name from outside",
      CLUSTER_IP,
      { url: "http://web.default.svc.cluster.local/" },
      "nxdomain",
      "dns",
    ],
    [
      "a ClusterIP from outside",
      svc("{clusterIP: 10.96.5.5, selector: {app: web}, ports: [{port: 80}]}"),
      { url: "http://10.96.5.5/" },
      "unreachable",
      "external",
    ],
    ["a node port nobody has", NODE_PORT, { url: "http://34.0.0.1:30999/" }, "connection-refused", "node"],
    [
      "a Service whose selector matches nothing",
      svc("{selector: {app: nope}, ports: [{port: 80}]}"),
      { url: "http://web/", from: "client" },
      "connection-refused",
      "kube-proxy",
    ],
    [
      "a targetPort no container exposes",
      svc("{selector: {app: web}, ports: [{port: 80, targetPort: 9999}]}"),
      { url: "http://web/", from: "client" },
      "connection-refused",
      "pod",
    ],
    [
      "a port the Service does not have (iptables)",
      CLUSTER_IP,
      { url: "http://web:81/", from: "client" },
      "timeout",
      "service",
    ],
    [
      "a load balancer port it does not forward",
      LB("Cluster"),
      { url: "http://198.51.100.7:8443/" },
      "timeout",
      "load-balancer",
    ],
  ])("fails %s where the real system does", (_name, service, request, reason, lastHop) => {
    const t = trace(service, request as RequestSpec);
    expect(t.outcome).toMatchObject({ delivered: false, reason });
    expect(t.hops.at(-1)?.kind).toBe(lastHop);
    expect(t.destination).toBeNull();
  });

  it("cannot reach a pod IP from outside the cluster", () => {
    const analysis = analyzeYaml(`${CLUSTER}---\n${CLUSTER_IP}`);
    const pod = analysis.cluster.pods.find((p) => p.name === "web-1");
    const t = routeRequest(analysis, { url: `http://${pod?.ip}:8080/` });
    expect(t.outcome.reason).toBe("unreachable");
    expect(t.hops.at(-1)?.explanation).toMatch(/IP of pod web-1/);
  });

  it("refuses a wrong Service port in IPVS mode (the node owns the cluster IP)", () => {
    expect(
      trace(CLUSTER_IP, { url: "http://web:81/", from: "client" }, { proxyMode: "ipvs" }).outcome.reason,
    ).toBe("connection-refused");
  });

  it("answers an ExternalName with a CNAME and leaves the cluster", () => {
    const t = trace(svc("{type: ExternalName, externalName: db.example.com}", "db"), {
      url: "http://db:5432/",
      from: "client",
    });
    expect(t.outcome).toMatchObject({ delivered: false, reason: "external", status: null });
    expect(t.hops.map((h) => h.kind)).toEqual(["client", "dns", "external"]);
    expect(t.hops[1]?.explanation).toMatch(/CNAME to db\.example\.com/);
    expect(t.hops[2]).toMatchObject({ name: "db.example.com", address: "db.example.com:5432" });
    expect(t.destination).toBeNull();
  });

  it("resolves a headless Service to pod IPs and connects without kube-proxy", () => {
    const t = trace(svc("{clusterIP: None, selector: {app: web}, ports: [{port: 8080}]}"), {
      url: "http://web:8080/",
      from: "client",
    });
    expect(t.hops.map((h) => h.kind)).not.toContain("kube-proxy");
    expect(t.hops[1]?.explanation).toMatch(/headless/);
    expect(t.destination?.port).toBe(8080);
  });

  it("resolves a StatefulSet pod's stable name under its headless Service", () => {
    const yaml = `${svc("{clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}", "db")}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: pg}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]}`;
    const t = trace(yaml, { url: "http://pg-1.db.default.svc.cluster.local:5432/", from: "client" });
    expect(t.destination).toMatchObject({ pod: "pg-1", workload: "pg", port: 5432 });
  });
});

describe("routeRequest: traffic policies", () => {
  it("keeps the client IP with externalTrafficPolicy: Local on a node that has an endpoint", () => {
    const yaml = svc(
      "{type: NodePort, externalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}",
    );
    const onB = trace(yaml, { url: "http://34.0.0.2:30080/" });
    expect(onB.outcome).toMatchObject({ delivered: true });
    expect(onB.destination?.pod).toBe("web-3");
    expect(onB.hops.find((h) => h.kind === "pod")?.explanation).toMatch(
      /192\.0\.2\.10, the client's own address/,
    );
  });

  it("drops Local traffic on a node with no local endpoint", () => {
    const yaml = `${svc("{type: NodePort, externalTrafficPolicy: Local, selector: {app: only-b}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}")}
---
apiVersion: v1
kind: Pod
metadata: {name: b-only, labels: {app: only-b}}
spec: {nodeName: node-b, containers: [{name: app, image: web, ports: [{containerPort: 8080}]}]}`;
    const t = trace(yaml, { url: "http://34.0.0.1:30080/" });
    expect(t.outcome).toMatchObject({ delivered: false, reason: "dropped" });
    expect(t.hops.at(-1)).toMatchObject({ kind: "kube-proxy", source: { line: expect.any(Number) } });
  });

  it("sends a Local load balancer only to nodes that pass the health check", () => {
    const yaml = `${LB("Local").replace("app: web", "app: only-b")}
---
apiVersion: v1
kind: Pod
metadata: {name: b-only, labels: {app: only-b}}
spec: {nodeName: node-b, containers: [{name: app, image: web, ports: [{containerPort: 8080}]}]}`;
    for (const seed of [1, 2, 3, 4, 5]) {
      const analysis = analyzeYaml(`${CLUSTER}---\n${yaml}`);
      const t = routeRequest(analysis, { url: "http://198.51.100.7/" }, { seed });
      expect(t.hops.find((h) => h.kind === "node")?.name).toBe("node-b");
      expect(t.destination?.pod).toBe("b-only");
    }
  });

  it("keeps internalTrafficPolicy: Local traffic on the caller's node, and drops it when there is none", () => {
    const local = svc(
      "{internalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}",
    );
    const analysis = analyzeYaml(`${CLUSTER}---\n${local}`);
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      expect(
        routeRequest(analysis, { url: "http://web/", from: "client" }, { seed }).destination?.pod,
      ).toMatch(/^web-[12]$/);
    }
    const onlyB = svc("{internalTrafficPolicy: Local, selector: {app: only-b}, ports: [{port: 80}]}");
    const yaml = `${onlyB}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b-only, labels: {app: only-b}}\nspec: {nodeName: node-b, containers: [{name: app, image: web}]}`;
    expect(trace(yaml, { url: "http://web/", from: "client" }).outcome.reason).toBe("dropped");
  });
});
