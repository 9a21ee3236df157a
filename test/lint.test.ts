import { describe, expect, it } from "vitest";
import { analyzeYaml } from "./helpers";

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec: {containers: [{name: app, image: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web}}
spec: {containers: [{name: app, image: web, ports: [{containerPort: 8080}]}]}
---
`;

/** Each case: a Service (appended after PODS, so its first line is 11), the code and the line it is reported on. */
describe("lint: Services", () => {
  it.each([
    [
      "selector matches no pods",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: wbe}\n  ports: [{port: 80}]",
      "selector-matches-nothing",
      15,
    ],
    [
      "selector matches pods of another namespace only",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: prod}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]",
      "selector-other-namespace",
      15,
    ],
    [
      "targetPort not exposed",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: 9000",
      "target-port-not-exposed",
      18,
    ],
    [
      "named targetPort missing on some pods",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: http",
      "named-target-port-missing",
      18,
    ],
    [
      "duplicate nodePort",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 30001}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: t}\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30001",
      "nodeport-conflict",
      25,
    ],
    [
      "nodePort out of range",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 8080",
      "nodeport-out-of-range",
      18,
    ],
    [
      "port out of range",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 70000",
      "port-out-of-range",
      16,
    ],
    [
      "Endpoints matching no Service",
      "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: ghost\nsubsets: [{addresses: [{ip: 10.1.1.1}], ports: [{port: 80}]}]",
      "endpoints-without-service",
      14,
    ],
    [
      "a schema mistake",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: eighty",
      "schema",
      16,
    ],
  ])("%s", (_name, yaml, code, line) => {
    const found = analyzeYaml(PODS + yaml).diagnostics.filter((d) => d.code === code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      line,
      hint: expect.any(String),
      severity: expect.stringMatching(/error|warning/),
    });
  });

  it("asks for a name on every port of a multi-port Service", () => {
    const yaml =
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n  - port: 443";
    const found = analyzeYaml(PODS + yaml).diagnostics.filter((d) => d.code === "unnamed-port");
    expect(found.map((d) => [d.line, d.field])).toEqual([
      [16, "spec.ports[0]"],
      [17, "spec.ports[1]"],
    ]);
  });

  it("reports nothing for a correct Service", () => {
    const yaml =
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]";
    expect(analyzeYaml(PODS + yaml).diagnostics).toEqual([]);
  });

  it("keeps kinds it does not simulate, as information", () => {
    const { diagnostics, cluster } = analyzeYaml(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}",
    );
    expect(diagnostics).toMatchObject([{ code: "not-simulated", severity: "info", line: 1 }]);
    expect(cluster.others).toMatchObject([{ kind: "ConfigMap", name: "c" }]);
  });
});
