import { describe, expect, it } from "vitest";
import { routeRequest } from "../src/engine/trace";
import { sendTraffic } from "../src/simulation/traffic";
import { analyzeYaml } from "./helpers";

const deployment = (name: string, replicas: number, ports: string, extra = "") => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}${extra}}}
    spec: {containers: [{name: ${name}, image: ${name}, ports: ${ports}}]}`;

const CLIENT =
  "apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: curl, image: curl}]}";
const WEB = `${CLIENT}\n---${deployment("web", 3, "[{name: http, containerPort: 8080}]")}\n---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}`;

describe("kube-proxy endpoint selection", () => {
  it("spreads iptables traffic uniformly at random (seeded, reproducible)", () => {
    const analysis = analyzeYaml(WEB);
    const result = sendTraffic(analysis, { url: "http://web/", from: "client" }, 3000, 7);
    expect(result.outcomes).toEqual({ 200: 3000 });
    expect(result.destinations).toHaveLength(3);
    for (const d of result.destinations) expect(d.count).toBeGreaterThan(850);
    expect(sendTraffic(analysis, { url: "http://web/", from: "client" }, 3000, 7)).toEqual(result);
  });

  it("cycles IPVS round robin exactly", () => {
    const analysis = analyzeYaml(WEB, { proxyMode: "ipvs" });
    const result = sendTraffic(analysis, { url: "http://web/", from: "client" }, 9);
    expect(result.destinations.map((d) => d.count)).toEqual([3, 3, 3]);
    const trace = routeRequest(analysis, { url: "http://web/", from: "client" });
    expect(trace.hops.find((h) => h.kind === "kube-proxy")?.explanation).toMatch(
      /IPVS virtual server .*:80 \(scheduler rr\).*round robin/,
    );
  });

  it("pins a client to one pod with sessionAffinity: ClientIP", () => {
    const analysis = analyzeYaml(
      WEB.replace("spec: {selector", "spec: {sessionAffinity: ClientIP, selector"),
    );
    const result = sendTraffic(analysis, { url: "http://web/", from: "client" }, 200, 3);
    expect(result.destinations).toHaveLength(1);
    expect(result.destinations[0]?.count).toBe(200);
  });

  it("names the iptables rule and its probability 1/(n-i)", () => {
    const analysis = analyzeYaml(WEB);
    const seen = new Set<string>();
    for (let seed = 1; seed < 40; seed++) {
      const hop = routeRequest(analysis, { url: "http://web/", from: "client" }, { seed }).hops.find(
        (h) => h.kind === "kube-proxy",
      );
      seen.add(hop?.explanation.match(/rule \d of 3 \([^)]*\)/)?.[0] ?? "none");
    }
    expect([...seen].sort()).toEqual([
      "rule 1 of 3 (probability 0.33333)",
      "rule 2 of 3 (probability 0.50000)",
      "rule 3 of 3 (the last rule, unconditional)",
    ]);
  });
});

describe("endpoints", () => {
  it("resolves a named targetPort per pod", () => {
    const yaml = `${CLIENT}\n---${deployment("a", 1, "[{name: web, containerPort: 8080}]", ", role: web")}\n---${deployment("b", 1, "[{name: web, containerPort: 9090}]", ", role: web")}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {role: web}, ports: [{port: 80, targetPort: web}]}`;
    const result = sendTraffic(analyzeYaml(yaml), { url: "http://web/", from: "client" }, 60);
    const analysis = analyzeYaml(yaml);
    const ports = new Set<number>();
    for (let seed = 1; seed < 20; seed++)
      ports.add(
        routeRequest(analysis, { url: "http://web/", from: "client" }, { seed }).destination?.port ?? 0,
      );
    expect([...ports].sort()).toEqual([8080, 9090]);
    expect(result.destinations).toHaveLength(2);
  });

  it("routes each port of a multi-port Service to its own targetPort", () => {
    const yaml = `${CLIENT}\n---${deployment("web", 1, "[{name: http, containerPort: 8080}, {name: metrics, containerPort: 9100}]")}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}, {name: metrics, port: 9100}]}`;
    const analysis = analyzeYaml(yaml);
    expect(routeRequest(analysis, { url: "http://web/", from: "client" }).destination?.port).toBe(8080);
    expect(routeRequest(analysis, { url: "http://web:9100/", from: "client" }).destination?.port).toBe(9100);
  });

  it("sends only to ready pods, unless publishNotReadyAddresses", () => {
    const pods = [1, 2]
      .map(
        (i) =>
          `apiVersion: v1\nkind: Pod\nmetadata: {name: web-${i}, labels: {app: web}}\nspec: {containers: [{name: app, image: web, ports: [{containerPort: 80}]}]}\nstatus: {conditions: [{type: Ready, status: "${i === 1 ? "False" : "True"}"}]}`,
      )
      .join("\n---\n");
    const service = (extra: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {${extra}selector: {app: web}, ports: [{port: 80}]}`;
    const onlyReady = sendTraffic(
      analyzeYaml(`${CLIENT}\n---\n${pods}\n---\n${service("")}`),
      { url: "http://web/", from: "client" },
      50,
    );
    expect(onlyReady.destinations.map((d) => d.pod)).toEqual(["web-2"]);
    const all = sendTraffic(
      analyzeYaml(`${CLIENT}\n---\n${pods}\n---\n${service("publishNotReadyAddresses: true, ")}`),
      { url: "http://web/", from: "client" },
      50,
    );
    expect(all.destinations.map((d) => d.pod).sort()).toEqual(["web-1", "web-2"]);
  });

  it.each([
    [
      "Endpoints",
      "apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: 192.168.50.5}], ports: [{port: 5432}]}]",
    ],
    [
      "EndpointSlice",
      "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-1, labels: {kubernetes.io/service-name: db}}\naddressType: IPv4\nports: [{port: 5432}]\nendpoints: [{addresses: [192.168.50.5]}]",
    ],
  ])("backs a Service without selector with a manual %s", (_kind, endpoints) => {
    const yaml = `${CLIENT}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {ports: [{port: 5432}]}\n---\n${endpoints}`;
    const analysis = analyzeYaml(yaml);
    expect(analysis.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const t = routeRequest(analysis, { url: "http://db:5432/", from: "client" });
    expect(t.hops.find((h) => h.kind === "kube-proxy")?.explanation).toMatch(/DNAT to 192\.168\.50\.5:5432/);
    expect(t.hops.at(-1)).toMatchObject({ kind: "external", address: "192.168.50.5:5432" });
    expect(t.outcome.reason).toBe("external");
  });
});
