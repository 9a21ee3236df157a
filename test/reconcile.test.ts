import { describe, expect, it } from "vitest";
import { cidrContains, parseCidr } from "../src/engine/reconcile/ipam";
import { analyzeYaml } from "./helpers";

const deployment = (name: string, replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}`;
const service = (name: string, spec: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: ${spec}`;

describe("nodes and pods", () => {
  it("assumes two nodes when the manifest has none", () => {
    const { cluster } = analyzeYaml(deployment("web", 1));
    expect(cluster.nodes.map((n) => [n.name, n.assumed, !!n.externalIP])).toEqual([
      ["node-1", true, true],
      ["node-2", true, true],
    ]);
  });

  it("uses Node objects' addresses and pod CIDRs", () => {
    const { cluster } = analyzeYaml(
      "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nspec: {podCIDR: 10.8.3.0/24}\nstatus: {addresses: [{type: InternalIP, address: 1.1.1.1}, {type: ExternalIP, address: 4.4.4.1}]}\n---\n" +
        deployment("web", 2),
    );
    expect(cluster.nodes).toMatchObject([
      { name: "n1", internalIP: "1.1.1.1", externalIP: "4.4.4.1", assumed: false },
    ]);
    const cidr = parseCidr("10.8.3.0/24");
    for (const pod of cluster.pods) expect(cidr && cidrContains(cidr, pod.ip)).toBe(true);
  });

  it.each([
    ["Deployment", deployment("web", 3), /^web-[b-z2-9]{10}-[b-z2-9]{5}$/, 3],
    ["ReplicaSet", deployment("web", 2).replace("Deployment", "ReplicaSet"), /^web-[b-z2-9]{5}$/, 2],
    [
      "StatefulSet",
      deployment("db", 2)
        .replace("Deployment", "StatefulSet")
        .replace("spec:\n", "spec:\n  serviceName: db\n"),
      /^db-[01]$/,
      2,
    ],
    ["DaemonSet", deployment("agent", 9).replace("Deployment", "DaemonSet"), /^agent-[b-z2-9]{5}$/, 2],
  ])("names %s pods as its controller does", (_kind, yaml, pattern, count) => {
    const { cluster } = analyzeYaml(yaml);
    expect(cluster.pods).toHaveLength(count);
    for (const pod of cluster.pods) expect(pod.name).toMatch(pattern);
    expect(new Set(cluster.pods.map((p) => p.ip)).size).toBe(count);
  });

  it("spreads a Deployment's replicas across nodes and is deterministic", () => {
    const a = analyzeYaml(deployment("web", 4)).cluster.pods;
    expect(a.filter((p) => p.nodeName === "node-1")).toHaveLength(2);
    expect(analyzeYaml(deployment("web", 4)).cluster.pods).toEqual(a);
  });

  it("respects spec.nodeName and status.podIP", () => {
    const { cluster } = analyzeYaml(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {nodeName: node-2, containers: [{name: c, image: i}]}\nstatus: {podIP: 10.244.1.77}",
    );
    expect(cluster.pods[0]).toMatchObject({ nodeName: "node-2", ip: "10.244.1.77" });
  });

  it("does not run a pod bound to a node that does not exist", () => {
    const { cluster, diagnostics } = analyzeYaml(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeName: ghost\n  containers: [{name: c, image: i}]",
    );
    expect(cluster.pods).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: "node-not-found", line: 5, field: "spec.nodeName" }]);
  });
});

describe("Service addresses", () => {
  it("allocates cluster IPs in the service CIDR and keeps given ones", () => {
    const { cluster } = analyzeYaml(
      `${service("a", "{ports: [{port: 80}]}")}\n---\n${service("b", "{clusterIP: 10.96.0.50, ports: [{port: 80}]}")}`,
    );
    const cidr = parseCidr("10.96.0.0/12");
    expect(cidr && cidrContains(cidr, cluster.services[0]?.clusterIP ?? "")).toBe(true);
    expect(cluster.services[1]?.clusterIP).toBe("10.96.0.50");
  });

  it("keeps allocated addresses stable when another Service is added before", () => {
    const one = analyzeYaml(service("a", "{type: NodePort, ports: [{port: 80}]}")).cluster.services[0];
    const two = analyzeYaml(
      `${service("z", "{type: NodePort, ports: [{port: 80}]}")}\n---\n${service("a", "{type: NodePort, ports: [{port: 80}]}")}`,
    ).cluster.services[1];
    expect(two?.clusterIP).toBe(one?.clusterIP);
    expect(two?.ports[0]?.nodePort).toBe(one?.ports[0]?.nodePort);
  });

  it("allocates node ports from the dynamic band 30086-32767 (KEP-3668)", () => {
    const yaml = Array.from({ length: 40 }, (_, i) =>
      service(`s${i}`, "{type: NodePort, ports: [{port: 80}]}"),
    ).join("\n---\n");
    const ports = analyzeYaml(yaml).cluster.services.map((s) => s.ports[0]?.nodePort ?? 0);
    for (const p of ports) expect(p).toBeGreaterThanOrEqual(30086);
    for (const p of ports) expect(p).toBeLessThanOrEqual(32767);
    expect(new Set(ports).size).toBe(40);
  });

  it("gives LoadBalancers their status address, or one from the simulated cloud", () => {
    const { cluster } = analyzeYaml(
      `${service("a", "{type: LoadBalancer, ports: [{port: 80}]}\nstatus: {loadBalancer: {ingress: [{ip: 203.0.113.9}]}}")}\n---\n${service("b", "{type: LoadBalancer, ports: [{port: 80}]}")}`,
    );
    expect(cluster.services[0]?.loadBalancerIPs).toEqual(["203.0.113.9"]);
    expect(cluster.services[1]?.loadBalancerIPs[0]).toMatch(/^198\.51\.100\.\d+$/);
    expect(cluster.services[0]?.ports[0]?.nodePort).toEqual(expect.any(Number));
  });

  it.each([
    ["ExternalName", "{type: ExternalName, externalName: x.example.com}", null],
    ["headless", "{clusterIP: None, ports: [{port: 80}]}", null],
  ])("gives a %s Service no cluster IP", (_name, spec, ip) => {
    expect(analyzeYaml(service("s", spec)).cluster.services[0]?.clusterIP).toBe(ip);
  });

  it("defaults targetPort to port", () => {
    expect(
      analyzeYaml(service("s", "{ports: [{port: 8443}]}")).cluster.services[0]?.ports[0]?.targetPort,
    ).toBe(8443);
  });
});
