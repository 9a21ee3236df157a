import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import { renderIptables } from "../src/engine/dataplane/iptables";
import { renderIpvs } from "../src/engine/dataplane/ipvs";
import { renderKubectlGet } from "../src/engine/dataplane/kubectlTables";
import { expectGolden } from "./golden";
import { analyzeYaml } from "./helpers";

/** Three nodes: web-1 and web-2 run on node-a, web-3 on node-b, nothing of web on node-c. */
const NODES = ["a", "b", "c"]
  .map(
    (n, i) => `apiVersion: v1
kind: Node
metadata: {name: node-${n}}
status: {addresses: [{type: InternalIP, address: 10.0.0.${i + 1}}, {type: ExternalIP, address: 34.0.0.${i + 1}}]}`,
  )
  .join("\n---\n");

const pod = (name: string, node: string, ports: string, app = "web") => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${app}}}
spec: {nodeName: ${node}, containers: [{name: app, image: ${app}, ports: ${ports}}]}`;

const WEB = [
  pod("web-1", "node-a", "[{name: http, containerPort: 8080}]"),
  pod("web-2", "node-a", "[{name: http, containerPort: 8080}]"),
  pod("web-3", "node-b", "[{name: http, containerPort: 8080}]"),
].join("\n---\n");

const service = (spec: string, name = "web", status = "") =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: ${spec}${status ? `\nstatus: ${status}` : ""}`;

const CASES = {
  "etp-local": service(
    "{type: LoadBalancer, externalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}",
    "web",
    "{loadBalancer: {ingress: [{ip: 198.51.100.7}]}}",
  ),
  "itp-local": service(
    "{internalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80, targetPort: http}]}",
  ),
  "client-ip-affinity": service(
    "{type: NodePort, sessionAffinity: ClientIP, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}",
  ),
  "no-endpoints": service(
    "{type: NodePort, selector: {app: nobody}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}",
  ),
  // api-1 and api-2 name their ports alike but number them differently: targetPort resolves per pod.
  "multi-port-named": [
    pod(
      "api-1",
      "node-a",
      "[{name: http, containerPort: 8080}, {name: metrics, containerPort: 9100}]",
      "api",
    ),
    pod(
      "api-2",
      "node-b",
      "[{name: http, containerPort: 8081}, {name: metrics, containerPort: 9100}]",
      "api",
    ),
    service(
      "{selector: {app: api}, ports: [{name: http, port: 80, targetPort: http}, {name: metrics, port: 9090, targetPort: metrics}, {name: dns, port: 53, protocol: UDP, targetPort: 5353}]}",
      "api",
    ),
  ].join("\n---\n"),
  headless: service("{clusterIP: None, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}"),
  "external-name": service("{type: ExternalName, externalName: db.example.com, ports: [{port: 5432}]}", "db"),
};

const SCENARIOS = ["services-clusterip", "services-nodeport", "services-loadbalancer"];

function scenario(name: string) {
  const path = `public/scenarios/${name}.yaml`;
  return analyze([{ name: path, text: readFileSync(path, "utf8") }]).cluster;
}

const inline = (name: keyof typeof CASES) => analyzeYaml([NODES, WEB, CASES[name]].join("\n---\n")).cluster;

describe("golden: the scenarios as kube-proxy and kubectl would show them", () => {
  it.each(SCENARIOS)("%s", (name) => {
    const cluster = scenario(name);
    expectGolden(`iptables-${name}`, renderIptables(cluster));
    expectGolden(`kubectl-${name}`, renderKubectlGet(cluster));
  });

  it("services-loadbalancer in IPVS mode", () => {
    expectGolden("ipvs-services-loadbalancer", renderIpvs(scenario("services-loadbalancer")));
  });
});

describe("golden: kube-proxy rules per case", () => {
  it.each([
    ["etp-local", "node-a"],
    ["etp-local", "node-c"],
    ["itp-local", "node-a"],
    ["itp-local", "node-c"],
    ["client-ip-affinity", "node-a"],
    ["no-endpoints", "node-a"],
    ["multi-port-named", "node-a"],
    ["headless", "node-a"],
    ["external-name", "node-a"],
  ] as const)("iptables: %s on %s", (name, nodeName) => {
    expectGolden(`iptables-${name}-${nodeName}`, renderIptables(inline(name), { nodeName }));
  });

  it.each([
    ["etp-local", "node-a"],
    ["etp-local", "node-c"],
    ["itp-local", "node-c"],
    ["client-ip-affinity", "node-a"],
    ["multi-port-named", "node-a"],
  ] as const)("ipvs: %s on %s", (name, nodeName) => {
    expectGolden(`ipvs-${name}-${nodeName}`, renderIpvs(inline(name), { nodeName }));
  });
});

describe("golden: kubectl get svc,pods,endpoints -o wide", () => {
  it("every case in one cluster, in two namespaces", () => {
    const other = [
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}",
      ...[1, 2, 3, 4, 5].map((i) =>
        pod(`cart-${i}`, i % 2 ? "node-a" : "node-b", "[{containerPort: 7070}]", "cart").replace(
          "labels:",
          "namespace: shop, labels:",
        ),
      ),
      service("{selector: {app: cart}, ports: [{port: 7070}]}", "cart").replace(
        "{name: cart}",
        "{name: cart, namespace: shop}",
      ),
    ];
    const yaml = [
      NODES,
      WEB,
      ...Object.values(CASES).map((c, i) => c.replace(/name: web}/, `name: web-${i}}`)),
      ...other,
    ];
    expectGolden("kubectl-all-cases", renderKubectlGet(analyzeYaml(yaml.join("\n---\n")).cluster));
  });
});

describe("kubectl get for one object, as the inspector shows it", () => {
  const cluster = scenario("services-clusterip");
  it.each([
    { kind: "Service" as const, name: "service-python", kinds: ["service/", "endpoints/"] },
    { kind: "Pod" as const, name: "pod-nginx", kinds: [] },
  ])("$kind $name: its rows only", ({ kind, name, kinds }) => {
    const text = renderKubectlGet(cluster, { only: { kind, namespace: "default", name } });
    const rows = text.split("\n").filter((l) => l !== "" && !l.startsWith("NAME"));
    expect(rows.length).toBe(Math.max(1, kinds.length));
    for (const row of rows) expect(row).toMatch(new RegExp(`^(service/|endpoints/)?${name}\\s`));
    for (const k of kinds) expect(text).toContain(`${k}${name}`);
  });
});
