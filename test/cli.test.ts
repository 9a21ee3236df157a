import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";

const SCENARIO = "public/scenarios/services-clusterip.yaml";

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function tempFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "hopscope-")), "m.yaml");
  writeFileSync(path, text);
  return path;
}

describe("hopscope trace", () => {
  it("prints the JSON contract: outcome, hops, destination", async () => {
    const { code, out } = await run(
      "trace",
      SCENARIO,
      "--url",
      "http://service-python:3000/",
      "--from",
      "default/pod-nginx",
      "--json",
    );
    expect(code).toBe(0);
    const trace = JSON.parse(out);
    expect(Object.keys(trace)).toEqual(["outcome", "hops", "destination"]);
    expect(trace.outcome).toEqual({
      delivered: true,
      status: 200,
      reason: "delivered",
      elapsedMs: expect.any(Number),
    });
    for (const hop of trace.hops) {
      expect(
        Object.keys(hop).every((k) =>
          ["kind", "name", "namespace", "address", "explanation", "delayMs", "source"].includes(k),
        ),
      ).toBe(true);
      if (hop.source) expect(Object.keys(hop.source)).toEqual(["kind", "namespace", "name", "line"]);
    }
    expect(trace.hops[0]).toMatchObject({ kind: "client", name: "pod-nginx", namespace: "default" });
    expect(trace.destination).toEqual({
      namespace: "default",
      pod: expect.stringMatching(/^pod-python-/),
      workload: "pod-python",
      container: "python",
      port: 443,
      path: "/",
      labels: { app: "python" },
    });
  });

  it("accepts a workload as --from and headers, and is reproducible with --seed", async () => {
    const args = [
      "trace",
      SCENARIO,
      "--url",
      "http://service-python:3000/a?b=c",
      "--from",
      "default/pod-python",
      "-H",
      "X-Test: 1",
      "--seed",
      "5",
      "--json",
    ];
    const first = JSON.parse((await run(...args)).out);
    expect(first.destination.path).toBe("/a?b=c");
    expect(JSON.parse((await run(...args)).out)).toEqual(first);
  });

  it("prints one readable line per hop without --json", async () => {
    const { out } = await run(
      "trace",
      SCENARIO,
      "--url",
      "http://service-python:3000/",
      "--from",
      "pod-nginx",
    );
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^ 1\. client default\/pod-nginx/);
    expect(lines.at(-1)).toMatch(/^=> delivered, 200/);
  });

  it("applies several files together, like one kubectl apply", async () => {
    const service = tempFile(
      "apiVersion: v1\nkind: Service\nmetadata: {name: extra}\nspec: {selector: {app: python}, ports: [{port: 80, targetPort: 443}]}",
    );
    const { out } = await run(
      "trace",
      SCENARIO,
      service,
      "--url",
      "http://extra/",
      "--from",
      "pod-nginx",
      "--json",
    );
    expect(JSON.parse(out).destination.workload).toBe("pod-python");
  });
});

describe("hopscope traffic", () => {
  it("prints counts per outcome and per pod", async () => {
    const { code, out } = await run(
      "traffic",
      SCENARIO,
      "--url",
      "http://service-python:3000/",
      "--from",
      "pod-nginx",
      "--count",
      "300",
      "--json",
    );
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.count).toBe(300);
    expect(result.outcomes).toEqual({ 200: 300 });
    expect(result.destinations).toHaveLength(3);
    expect(result.destinations[0]).toEqual({
      namespace: "default",
      workload: "pod-python",
      pod: expect.any(String),
      labels: { app: "python" },
      count: expect.any(Number),
    });
  });
});

describe("hopscope lint", () => {
  it("exits 0 on a clean manifest and 1 on an error", async () => {
    expect((await run("lint", SCENARIO)).code).toBe(0);
    const bad = tempFile(
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n",
    );
    const { code, out } = await run("lint", bad, "--json");
    expect(code).toBe(1);
    expect(JSON.parse(out).diagnostics).toMatchObject([{ code: "nodeport-out-of-range", line: 8 }]);
  });
});

describe("hopscope explain", () => {
  it.each([
    ["iptables", ["--node", "node-2"], /kube-proxy \(iptables mode\) on node node-2[\s\S]*-j KUBE-SVC-\w+/],
    ["ipvs", [], /TCP {2}10\.101\.80\.154:3000 rr/],
    ["kubectl", [], /service\/service-python {3}ClusterIP/],
    ["nginx", [], /No Ingress in these files/],
  ])("%s prints what that component would be configured with", async (what, options, expected) => {
    const { code, out } = await run("explain", what, SCENARIO, ...options);
    expect(code).toBe(0);
    expect(out).toMatch(expected);
  });

  const BOOKINFO = "public/scenarios/istio-bookinfo.yaml";

  it.each([
    [
      "a sidecar, found by its workload",
      "default/productpage-v1",
      /virtual host reviews\.default\.svc\.cluster\.local:9080[\s\S]*header end-user exact jason {3}\[VirtualService default\/reviews route 1\]\n {7}→ outbound\|9080\|v2\|reviews\.default\.svc\.cluster\.local/,
    ],
    [
      "an ingress gateway",
      "istio-system/istio-ingressgateway",
      /0\.0\.0\.0 {3}8080 {4}ALL {5}Route: http\.8080/,
    ],
  ])("envoy --pod prints the Envoy configuration of %s", async (_, pod, expected) => {
    const { code, out } = await run("explain", "envoy", BOOKINFO, "--pod", pod);
    expect(code).toBe(0);
    expect(out).toMatch(/^# Envoy in /);
    expect(out).toMatch(expected);
  });

  it("envoy --pod refuses a pod that runs no Envoy, in one line", async () => {
    const { code, err } = await run("explain", "envoy", BOOKINFO, "--pod", "istio-system/istiod");
    expect(code).toBe(2);
    expect(err).toMatch(
      /^hopscope: istio-system\/istiod-\S+ runs no Envoy: it has no istio-proxy sidecar and no Gateway selects it\.$/,
    );
  });
});

describe("hopscope with Ingresses", () => {
  const FANOUT = "public/scenarios/ingress-fanout.yaml";

  it("explain nginx prints the server and locations nginx evaluates", async () => {
    const { code, out } = await run("explain", "nginx", FANOUT);
    expect(code).toBe(0);
    expect(out).toMatch(/server_name _;[\s\S]*location \/folder\/ \{[\s\S]*location = \/folder \{/);
  });

  it("trace --via goes through the named entry point", async () => {
    const via = ["--via", "ingress-nginx/ingress-nginx-controller"];
    const { code, out } = await run("trace", FANOUT, "--url", "http://example.com/other", ...via, "--json");
    expect(code).toBe(0);
    const trace = JSON.parse(out);
    expect(trace.hops.map((h: { kind: string }) => h.kind)).toContain("ingress-controller");
    expect(trace.destination).toMatchObject({ workload: "python", path: "/other" });
  });
});

describe("CLI errors: one clear line, non-zero exit", () => {
  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["trace", SCENARIO], /trace needs --url/],
    [["trace", "missing.yaml", "--url", "http://x/"], /cannot read missing\.yaml: ENOENT/],
    [["trace", SCENARIO, "--url", "http://x/", "--from", "default/nobody"], /no pod or workload "nobody"/],
    [["trace", SCENARIO, "--url", "ftp://x/"], /Only http:\/\/ and https:\/\//],
    [["traffic", SCENARIO, "--url", "http://x/", "--count", "many"], /--count must be a whole number/],
    [["trace", SCENARIO, "--url", "http://x/", "--bogus"], /Unknown option '--bogus'/],
    [["explain", "pf", SCENARIO], /explain needs one of iptables, ipvs, kubectl, nginx, envoy, not "pf"/],
    [["explain", "envoy", SCENARIO], /explain envoy needs --pod NS\/POD/],
    [
      ["explain", "envoy", SCENARIO, "--pod", "default/nobody"],
      /--pod default\/nobody: there is no pod or workload "nobody"/,
    ],
    [
      ["explain", "envoy", SCENARIO, "--pod", "default/pod-python"],
      /runs no Envoy: nothing in these files uses Istio/,
    ],
    [["trace", SCENARIO, "--url", "http://x/", "--via", "a/b"], /--via a\/b is not an entry point/],
    [["explain", "iptables", SCENARIO, "--node", "nope"], /no node named "nope" \(nodes: node-1, node-2\)/],
  ])("%j", async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe("bin/hopscope.mjs", () => {
  it("runs the TypeScript sources directly, with no build step", async () => {
    const { spawnSync } = await import("node:child_process");
    const result = spawnSync(process.execPath, ["bin/hopscope.mjs", "lint", SCENARIO], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe("No problems found.");
  });
});
