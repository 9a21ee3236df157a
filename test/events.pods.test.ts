import { describe, expect, it } from "vitest";
import type { SimPod } from "../src/engine/model";
import { routeRequest } from "../src/engine/trace";
import { applyEvents } from "../src/simulation/applyEvents";
import type { ClusterEvent } from "../src/simulation/clusterEvents";
import { sendTraffic } from "../src/simulation/traffic";
import {
  afterEvents,
  daemonSet,
  deployment,
  kill,
  pod,
  podsOf,
  readyIPs,
  replicaSet,
  service,
  statefulSet,
  yaml,
} from "./eventsFixtures";
import { analyzeYaml } from "./helpers";

const SUFFIX = "[b-z2-9]{5}";

describe("kill-pod: the pod dies, its controller replaces it", () => {
  it.each([
    {
      kind: "Deployment",
      manifest: yaml(deployment("web", 3), service("web")),
      // Same ReplicaSet (same pod-template-hash), a new random-looking suffix.
      name: (old: string) => new RegExp(`^${old.slice(0, -6)}-${SUFFIX}$`),
      sameNode: false,
    },
    {
      kind: "ReplicaSet",
      manifest: yaml(replicaSet("web", 3), service("web")),
      name: () => new RegExp(`^web-${SUFFIX}$`),
      sameNode: false,
    },
    {
      kind: "StatefulSet",
      manifest: yaml(statefulSet("web", 3), service("web", ", clusterIP: None")),
      name: (old: string) => new RegExp(`^${old}$`),
      sameNode: false,
    },
    {
      kind: "DaemonSet",
      manifest: yaml(daemonSet("web"), service("web")),
      name: () => new RegExp(`^web-${SUFFIX}$`),
      sameNode: true,
    },
  ])("$kind: a replacement with a new IP, and the Service keeps its addresses", (row) => {
    const before = analyzeYaml(row.manifest);
    const victim = podsOf(before, "web")[0];
    if (!victim) throw new Error("no pod to kill");
    const run = applyEvents(before, [kill(victim.name)]);
    const [result] = run.results;
    const after = run.analysis;
    if (!result?.ok) throw new Error("kill-pod failed");
    const [created] = result.effects.created;
    if (!created) throw new Error("no replacement");

    expect(created.replaces).toBe(victim.key);
    expect(created.pod.name).toMatch(row.name(victim.name));
    expect(created.pod.ip).not.toBe(victim.ip);
    expect(before.cluster.pods.map((p) => p.ip)).not.toContain(created.pod.ip);
    expect(created.pod.owner).toEqual(victim.owner);
    if (row.sameNode) expect(created.pod.nodeName).toBe(victim.nodeName);
    if (row.kind === "StatefulSet") expect(created.pod.hostname).toBe(victim.name);
    expect(podsOf(after, "web")).toHaveLength(podsOf(before, "web").length);
    // The Service object, its ClusterIP and node ports are those of the YAML; only endpoints moved.
    expect(after.cluster.services).toBe(before.cluster.services);
    expect(readyIPs(after, "web")).toContain(created.pod.ip);
    expect(readyIPs(after, "web")).not.toContain(victim.ip);
    expect(result.effects.endpoints).toMatchObject([
      { name: "web", removed: [victim.ip], added: [created.pod.ip] },
    ]);
  });

  it("narrates what the ReplicaSet and the EndpointSlice controller did", () => {
    const before = analyzeYaml(yaml(deployment("web", 3), service("web")));
    const victim = podsOf(before, "web")[1];
    if (!victim) throw new Error("no pod to kill");
    const result = applyEvents(before, [kill(victim.name)]).results[0];
    if (!result?.ok) throw new Error("kill-pod failed");
    const created = result.effects.created[0]?.pod;
    const web = before.cluster.services[0];
    expect(result.narration).toEqual([
      `Pod ${victim.name} (${victim.ip} on ${victim.nodeName}) was deleted and its containers stopped.`,
      `ReplicaSet ${victim.owner?.name} counted 2 of 3 pods and created ${created?.name} on ${created?.nodeName} with IP ${created?.ip}.`,
      `In the endpoints of Service web, the EndpointSlice controller replaced ${victim.ip} with ${created?.ip}; its ClusterIP ${web?.clusterIP} and DNS name web.default.svc.cluster.local did not change.`,
    ]);
  });

  it("names the node ports among what did not change", () => {
    const text = yaml(
      deployment("web", 2),
      `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}`,
    );
    const [victim] = podsOf(analyzeYaml(text), "web");
    const { narration } = afterEvents(text, kill(victim?.name ?? ""));
    expect(narration.at(-1)).toMatch(
      /; its ClusterIP [\d.]+, node port 30080 and DNS name web\.default\.svc\.cluster\.local did not change\.$/,
    );
  });

  it("a bare Pod is just gone, and a Service left without endpoints refuses connections", () => {
    const { after, run, narration } = afterEvents(
      yaml(pod("client", "client"), pod("web", "web"), service("web")),
      kill("web"),
    );
    expect(after.cluster.pods.map((p) => p.name)).toEqual(["client"]);
    expect(run.results[0]).toMatchObject({ ok: true, effects: { created: [], pending: [] } });
    expect(narration).toContain("Nothing recreates web: it was a bare Pod, and no controller owns it.");
    expect(narration.at(-1)).toMatch(/With no ready endpoint left, kube-proxy rejects new connections/);
    const trace = routeRequest(after, { url: "http://web", from: "default/client" });
    expect(trace.outcome).toMatchObject({ delivered: false, reason: "connection-refused" });
  });

  it("a StatefulSet pod keeps its DNS name, which now resolves to the new IP", () => {
    const { after, narration } = afterEvents(
      yaml(statefulSet("db", 2), service("db", ", clusterIP: None")),
      kill("db-1"),
    );
    const db1 = after.cluster.pods.find((p) => p.name === "db-1");
    expect(narration[1]).toBe(
      `StatefulSet db created db-1 again, with the same name and ordinal, on ${db1?.nodeName} with IP ${db1?.ip} (a new address) and its DNS name db-1.db.default.svc.cluster.local now resolves to it.`,
    );
    expect(narration[2]).toMatch(
      /the Service is headless, so DNS for db\.default\.svc\.cluster\.local now answers/,
    );
  });
});

describe("traces after events", () => {
  const MANIFEST = yaml(pod("client", "client", "node-1"), deployment("web", 1), service("web"));

  it("route to the replacement pod", () => {
    const before = analyzeYaml(MANIFEST);
    const [old] = podsOf(before, "web");
    const { after } = afterEvents(MANIFEST, kill(old?.name ?? ""));
    const [replacement] = podsOf(after, "web");
    expect(replacement?.name).not.toBe(old?.name);
    const trace = routeRequest(after, { url: "http://web", from: "default/client" });
    expect(trace.outcome).toMatchObject({ delivered: true, status: 200 });
    expect(trace.destination?.pod).toBe(replacement?.name);
    expect(trace.hops.map((h) => h.address)).toContain(`${replacement?.ip}:8080`);
  });

  it("skip a pod that is not ready, without replacing it", () => {
    const text = yaml(pod("client", "client", "node-1"), deployment("web", 3), service("web"));
    const [sick] = podsOf(analyzeYaml(text), "web");
    const { after, run } = afterEvents(text, {
      kind: "pod-not-ready",
      namespace: "default",
      pod: sick?.name ?? "",
    });
    const still = after.cluster.pods.find((p) => p.name === sick?.name);
    expect(still).toMatchObject({ ready: false, ip: sick?.ip, nodeName: sick?.nodeName });
    expect(podsOf(after, "web")).toHaveLength(3);
    expect(run.results[0]).toMatchObject({ effects: { created: [], notReady: [{ name: sick?.name }] } });
    // The EndpointSlice still lists it, with ready=false; kube-proxy sends nothing there.
    const web = after.cluster.services[0];
    const listed = after.cluster.endpoints[web?.key ?? ""]?.[0]?.endpoints.find((e) => e.ip === sick?.ip);
    expect(listed).toMatchObject({ ready: false });
    const traffic = sendTraffic(after, { url: "http://web", from: "default/client" }, 60);
    expect(traffic.outcomes).toEqual({ 200: 60 });
    expect(traffic.destinations.map((d) => d.pod)).not.toContain(sick?.name);
    expect(traffic.destinations).toHaveLength(2);
  });
});

describe("determinism and stable identities", () => {
  const MANIFEST = yaml(
    pod("client", "client"),
    deployment("web", 3),
    statefulSet("db", 2),
    daemonSet("agent"),
    service("web"),
  );
  const events = (a: ReturnType<typeof analyzeYaml>): ClusterEvent[] => [
    kill(podsOf(a, "web")[0]?.name ?? ""),
    kill("db-0"),
    { kind: "scale", namespace: "default", workload: { kind: "Deployment", name: "web" }, replicas: 5 },
    { kind: "node-drain", node: "node-2" },
  ];

  it("the same YAML and events give the same names, nodes and IPs", () => {
    const a = analyzeYaml(MANIFEST);
    const b = analyzeYaml(MANIFEST);
    const runA = applyEvents(a, events(a));
    const runB = applyEvents(b, events(b));
    expect(runA.analysis.cluster).toEqual(runB.analysis.cluster);
    expect(runA.results).toEqual(runB.results);
  });

  it.each<[string, (a: ReturnType<typeof analyzeYaml>) => ClusterEvent[]]>([
    ["kill-pod", (a) => [kill(podsOf(a, "web")[0]?.name ?? "")]],
    ["scale up", () => [events(analyzeYaml(MANIFEST))[2] as ClusterEvent]],
    ["pod-not-ready", () => [{ kind: "pod-not-ready", namespace: "default", pod: "db-1" }]],
    ["every event", events],
  ])("%s: pods no event touched keep their names, nodes and IPs", (_label, make) => {
    const before = analyzeYaml(MANIFEST);
    const run = applyEvents(before, make(before));
    const touched = new Set(
      run.results.flatMap((r) =>
        r.ok ? [...r.effects.deleted, ...r.effects.notReady].map((p) => p.key) : [],
      ),
    );
    const untouched = before.cluster.pods.filter((p) => !touched.has(p.key));
    expect(untouched.length).toBeGreaterThan(0);
    for (const p of untouched) expect(run.analysis.cluster.pods).toContain(p);
  });

  it("no events: the analysis itself, so cached indexes stay valid", () => {
    const before = analyzeYaml(MANIFEST);
    expect(applyEvents(before, []).analysis).toBe(before);
  });
});

describe("scale", () => {
  const scale = (kind: "Deployment" | "ReplicaSet" | "StatefulSet", name: string, replicas: number) =>
    ({ kind: "scale", namespace: "default", workload: { kind, name }, replicas }) as const;

  it("scales a Deployment up with new names and addresses, spread over nodes", () => {
    const { before, after, run } = afterEvents(
      yaml(deployment("web", 2), service("web")),
      scale("Deployment", "web", 4),
    );
    const created = run.results[0]?.ok ? run.results[0].effects.created.map((c) => c.pod) : [];
    expect(created).toHaveLength(2);
    expect(new Set(podsOf(after, "web").map((p) => p.ip)).size).toBe(4);
    expect(created.map((p) => p.nodeName).sort()).toEqual(["node-1", "node-2"]);
    expect(created.every((p) => p.owner?.name === podsOf(before, "web")[0]?.owner?.name)).toBe(true);
    expect(readyIPs(after, "web")).toHaveLength(4);
  });

  // 3 replicas: node-1 runs pods 0 and 2, node-2 runs pod 1.
  it.each<{ case: string; first: (web: SimPod[]) => ClusterEvent[]; deleted: number }>([
    { case: "the newest pod", first: () => [], deleted: 2 },
    {
      // Pod 1's replacement is the newest pod, but alone on node-2: node-1 runs more replicas.
      case: "a pod on the node that runs more replicas before a newer one",
      first: (web) => [kill(web[1]?.name ?? "")],
      deleted: 2,
    },
    {
      case: "a not-ready pod before any ready one",
      first: (web) => [{ kind: "pod-not-ready", namespace: "default", pod: web[0]?.name ?? "" }],
      deleted: 0,
    },
  ])("scales a ReplicaSet down, deleting $case", ({ first, deleted }) => {
    const text = yaml(deployment("web", 3), service("web"));
    const base = podsOf(analyzeYaml(text), "web");
    expect(base.map((p) => p.nodeName)).toEqual(["node-1", "node-2", "node-1"]);
    const { after, run } = afterEvents(text, ...first(base), scale("Deployment", "web", 2));
    const gone = run.results.at(-1);
    expect(gone?.ok && gone.effects.deleted.map((p) => p.name)).toEqual([base[deleted]?.name]);
    expect(podsOf(after, "web")).toHaveLength(2);
  });

  it("scales a StatefulSet down highest ordinal first and up in ordinal order", () => {
    const down = afterEvents(yaml(statefulSet("db", 4)), scale("StatefulSet", "db", 1));
    expect(down.after.cluster.pods.map((p) => p.name)).toEqual(["db-0"]);
    expect(down.run.results[0]?.ok && down.run.results[0].effects.deleted.map((p) => p.name)).toEqual([
      "db-3",
      "db-2",
      "db-1",
    ]);
    const up = afterEvents(yaml(statefulSet("db", 1)), scale("StatefulSet", "db", 3));
    expect(up.after.cluster.pods.map((p) => [p.name, p.hostname])).toEqual([
      ["db-0", "db-0"],
      ["db-1", "db-1"],
      ["db-2", "db-2"],
    ]);
  });

  it.each([
    ["OrderedReady", ["db-0", "db-1"]],
    ["Parallel", ["db-0", "db-1", "db-2", "db-3"]],
  ])("with podManagementPolicy %s, a not-ready ordinal %s further pods", (policy, pods) => {
    const { after, narration } = afterEvents(
      yaml(statefulSet("db", 2, policy)),
      { kind: "pod-not-ready", namespace: "default", pod: "db-0" },
      scale("StatefulSet", "db", 4),
    );
    expect(after.cluster.pods.map((p) => p.name)).toEqual(pods);
    if (policy === "OrderedReady")
      expect(narration.at(-1)).toMatch(/^StatefulSet db waits before creating more/);
  });

  it("scales from zero from the workload's template", () => {
    const { after } = afterEvents(yaml(deployment("web", 0), service("web")), scale("Deployment", "web", 2));
    expect(podsOf(after, "web").map((p) => [p.labels.app, p.containers[0]?.name, p.ready])).toEqual([
      ["web", "app", true],
      ["web", "app", true],
    ]);
    expect(readyIPs(after, "web")).toHaveLength(2);
  });
});

describe("events that name something missing give a coded error and change nothing", () => {
  const MANIFEST = yaml(
    deployment("web", 2),
    replicaSet("lone", 1),
    `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-owned, ownerReferences: [{kind: Deployment, name: web, apiVersion: apps/v1, uid: x}]}
spec: {replicas: 1, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i}]}}}`,
  );
  const rsOfWeb = podsOf(analyzeYaml(MANIFEST), "web-")[0]?.owner?.name ?? "";

  it.each<[string, ClusterEvent, string]>([
    ["kill-pod", kill("nope"), "pod-not-found"],
    [
      "kill-pod in another namespace",
      kill(podsOf(analyzeYaml(MANIFEST), "web")[0]?.name ?? "", "other"),
      "pod-not-found",
    ],
    ["pod-not-ready", { kind: "pod-not-ready", namespace: "default", pod: "nope" }, "pod-not-found"],
    ["node-fail", { kind: "node-fail", node: "node-9" }, "node-not-found"],
    ["node-drain", { kind: "node-drain", node: "node-9" }, "node-not-found"],
    ["taint-eviction", { kind: "taint-eviction", node: "node-9" }, "node-not-found"],
    ["taint-eviction on a Ready node", { kind: "taint-eviction", node: "node-1" }, "node-not-failed"],
    [
      "scale of a missing workload",
      { kind: "scale", namespace: "default", workload: { kind: "StatefulSet", name: "web" }, replicas: 2 },
      "workload-not-found",
    ],
    [
      "scale to a negative count",
      { kind: "scale", namespace: "default", workload: { kind: "Deployment", name: "web" }, replicas: -1 },
      "invalid-replicas",
    ],
    [
      "scale of a Deployment's ReplicaSet",
      { kind: "scale", namespace: "default", workload: { kind: "ReplicaSet", name: rsOfWeb }, replicas: 5 },
      "replicaset-owned-by-deployment",
    ],
    [
      "scale of a ReplicaSet whose ownerReferences name a Deployment",
      {
        kind: "scale",
        namespace: "default",
        workload: { kind: "ReplicaSet", name: "web-owned" },
        replicas: 5,
      },
      "replicaset-owned-by-deployment",
    ],
  ])("%s", (_label, event, code) => {
    const before = analyzeYaml(MANIFEST);
    const lone = podsOf(before, "lone")[0]?.name ?? "";
    const run = applyEvents(before, [event, kill(lone)]);
    expect(run.results[0]).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
    // The failed event changed nothing; the one after it still applied.
    expect(run.results[1]?.ok).toBe(true);
    expect(run.analysis.cluster.pods.filter((p) => !p.name.startsWith("lone"))).toEqual(
      before.cluster.pods.filter((p) => !p.name.startsWith("lone")),
    );
  });

  it("says which pods there are when the name is wrong", () => {
    const run = applyEvents(analyzeYaml(MANIFEST), [kill("web")]);
    expect(run.results[0]?.ok === false && run.results[0].error.message).toMatch(
      /^There is no running pod "web" in namespace default \(pods there: web-/,
    );
  });
});
