import { describe, expect, it } from "vitest";
import type { SimPod } from "../src/engine/model";
import { routeRequest } from "../src/engine/trace";
import { applyEvents } from "../src/simulation/applyEvents";
import type { ClusterEvent } from "../src/simulation/clusterEvents";
import { formatEvent, parseEvent } from "../src/simulation/eventSyntax";
import { sendTraffic } from "../src/simulation/traffic";
import {
  afterEvents,
  daemonSet,
  deployment,
  kill,
  pod,
  podsOf,
  readyIPs,
  service,
  statefulSet,
  yaml,
} from "./eventsFixtures";

/**
 * The two assumed nodes, a client on node-1, a bare pod on node-2, and one of each controller:
 * web (Deployment, 4: two per node), db (StatefulSet, db-0 and db-1), agent (DaemonSet).
 */
const MANIFEST = yaml(
  pod("client", "client", "node-1"),
  pod("solo", "solo", "node-2"),
  deployment("web", 4),
  statefulSet("db", 2),
  daemonSet("agent"),
  service("web"),
  service("db", ", clusterIP: None"),
);

const fail: ClusterEvent = { kind: "node-fail", node: "node-2" };
const evict: ClusterEvent = { kind: "taint-eviction", node: "node-2" };
const drain = (node: string): ClusterEvent => ({ kind: "node-drain", node });
const onNode = (pods: readonly SimPod[], node: string) => pods.filter((p) => p.nodeName === node);

describe("node-fail: NotReady, its pods leave the endpoints, nothing moves yet", () => {
  const { before, after, run, narration } = afterEvents(MANIFEST, fail);

  it("marks the node and every pod on it not ready, keeping names and IPs", () => {
    expect(after.cluster.nodes.map((n) => [n.name, n.ready, n.unschedulable])).toEqual([
      ["node-1", true, false],
      ["node-2", false, false],
    ]);
    const doomed = onNode(before.cluster.pods, "node-2");
    expect(doomed.map((p) => p.name)).toEqual(expect.arrayContaining(["solo", "db-1"]));
    expect(onNode(after.cluster.pods, "node-2")).toEqual(doomed.map((p) => ({ ...p, ready: false })));
    for (const p of onNode(before.cluster.pods, "node-1")) expect(after.cluster.pods).toContain(p);
    expect(run.results[0]).toMatchObject({ effects: { created: [], deleted: [] } });
  });

  it("sends traffic only to the pods on the healthy node", () => {
    expect(readyIPs(after, "web")).toEqual(
      onNode(podsOf(before, "web"), "node-1")
        .map((p) => p.ip)
        .sort(),
    );
    const traffic = sendTraffic(after, { url: "http://web", from: "default/client" }, 40);
    expect(traffic.outcomes).toEqual({ 200: 40 });
    const served = new Set(traffic.destinations.map((d) => d.pod));
    expect([...served].sort()).toEqual(
      onNode(podsOf(before, "web"), "node-1")
        .map((p) => p.name)
        .sort(),
    );
  });

  it("narrates the grace period and the 300 s toleration", () => {
    expect(narration[0]).toMatch(
      /node-monitor-grace-period \(50 s by default since Kubernetes 1\.32, 40 s before\)/,
    );
    expect(narration[1]).toMatch(/tolerate that taint for 300 s/);
    expect(narration).toContainEqual(
      expect.stringMatching(
        /^In the endpoints of Service db, .*headless, so DNS for db\.default\.svc\.cluster\.local now answers with \S+\.$/,
      ),
    );
  });

  it("no longer schedules new pods there", () => {
    const { after: scaled } = afterEvents(MANIFEST, fail, {
      kind: "scale",
      namespace: "default",
      workload: { kind: "Deployment", name: "web" },
      replicas: 6,
    });
    expect(onNode(podsOf(scaled, "web"), "node-1")).toHaveLength(4);
  });

  it("a DaemonSet's replacement on the failed node stays Pending", () => {
    const agent = onNode(podsOf(before, "agent"), "node-2")[0]?.name ?? "";
    const { run: killed } = afterEvents(MANIFEST, fail, kill(agent));
    expect(killed.pending).toEqual([
      expect.objectContaining({ owner: "DaemonSet agent", reason: "its node node-2 is NotReady" }),
    ]);
  });
});

describe("taint-eviction: 300 s later, controllers recreate pods elsewhere", () => {
  const { before, after, run, narration } = afterEvents(MANIFEST, fail, evict);
  const result = run.results[1];
  if (!result?.ok) throw new Error("taint-eviction failed");

  it("replaces the Deployment's pods on the healthy node and drops the bare pod", () => {
    const web = podsOf(after, "web");
    expect(web).toHaveLength(4);
    expect(onNode(web, "node-1")).toHaveLength(4);
    expect(after.cluster.pods.some((p) => p.name === "solo")).toBe(false);
    expect(result.effects.deleted.map((p) => p.name).sort()).toEqual(
      [...onNode(podsOf(before, "web"), "node-2").map((p) => p.name), "solo"].sort(),
    );
    expect(readyIPs(after, "web")).toEqual(web.map((p) => p.ip).sort());
    expect(narration).toContain("Nothing recreates solo: it was a bare Pod, and no controller owns it.");
  });

  it("keeps the StatefulSet pod Terminating: at most one db-1 at a time", () => {
    const db1 = before.cluster.pods.find((p) => p.name === "db-1");
    expect(after.cluster.pods.find((p) => p.name === "db-1")).toEqual({ ...db1, ready: false });
    expect(narration).toContainEqual(expect.stringMatching(/^db-1 stays Terminating on node-2/));
  });

  it("leaves DaemonSet pods on the failed node, not ready", () => {
    expect(onNode(podsOf(after, "agent"), "node-2")).toMatchObject([{ ready: false }]);
    expect(narration.at(-1 - result.effects.endpoints.length)).toMatch(
      /^DaemonSet pods tolerate that taint with no time limit, so agent-\S+ stays on node-2, not ready\.$/,
    );
  });
});

describe("node-drain: cordon, evict, recreate elsewhere; DaemonSet pods stay", () => {
  const { before, after, run, narration } = afterEvents(MANIFEST, drain("node-2"));
  const result = run.results[0];
  if (!result?.ok) throw new Error("node-drain failed");

  it("cordons the node and keeps its DaemonSet pod, ready", () => {
    expect(after.cluster.nodes.find((n) => n.name === "node-2")).toMatchObject({
      ready: true,
      unschedulable: true,
    });
    const agent = onNode(podsOf(before, "agent"), "node-2")[0];
    expect(after.cluster.pods).toContain(agent);
    expect(narration[0]).toMatch(/^kubectl drain node-2 --ignore-daemonsets --force cordoned the node/);
    expect(narration).toContainEqual(expect.stringMatching(/^DaemonSet pods stay: drain skips agent-/));
  });

  it("moves every other pod off node-2 and leaves node-1's pods alone", () => {
    expect(onNode(after.cluster.pods, "node-2").map((p) => p.owner?.kind)).toEqual(["DaemonSet"]);
    for (const p of onNode(before.cluster.pods, "node-1")) expect(after.cluster.pods).toContain(p);
    const db1 = after.cluster.pods.find((p) => p.name === "db-1");
    const old = before.cluster.pods.find((p) => p.name === "db-1");
    expect(db1).toMatchObject({ nodeName: "node-1", hostname: "db-1", ready: true });
    expect(db1?.ip).not.toBe(old?.ip);
    expect(podsOf(after, "web")).toHaveLength(4);
    expect(after.cluster.pods.some((p) => p.name === "solo")).toBe(false);
  });

  it("routes to the recreated StatefulSet pod by its stable DNS name", () => {
    const db1 = after.cluster.pods.find((p) => p.name === "db-1");
    const trace = routeRequest(after, { url: "http://db-1.db:8080", from: "default/client" });
    expect(trace.destination?.pod).toBe("db-1");
    expect(trace.hops.map((h) => h.address)).toContainEqual(expect.stringContaining(db1?.ip ?? "?"));
  });

  it("leaves replacements Pending when no node is left, and a scale-down removes those first", () => {
    const scaleDown: ClusterEvent = {
      kind: "scale",
      namespace: "default",
      workload: { kind: "Deployment", name: "web" },
      replicas: 2,
    };
    const both = applyEvents(before, [drain("node-2"), drain("node-1")]);
    expect(podsOf(both.analysis, "web")).toEqual([]);
    expect(both.pending.filter((p) => p.owner.startsWith("ReplicaSet"))).toHaveLength(4);
    expect(both.pending[0]?.reason).toBe("no node can take it (node-1 is cordoned, node-2 is cordoned)");
    expect(readyIPs(both.analysis, "web")).toEqual([]);
    const then = applyEvents(before, [drain("node-2"), drain("node-1"), scaleDown]);
    expect(then.pending.filter((p) => p.owner.startsWith("ReplicaSet"))).toHaveLength(2);
  });
});

describe("event syntax", () => {
  it.each<[string, ClusterEvent]>([
    ["kill-pod:default/web-1", kill("web-1")],
    ["pod-not-ready:shop/cart-0", { kind: "pod-not-ready", namespace: "shop", pod: "cart-0" }],
    [
      "scale:default/deployment/web=5",
      { kind: "scale", namespace: "default", workload: { kind: "Deployment", name: "web" }, replicas: 5 },
    ],
    [
      "scale:db/statefulset/pg=0",
      { kind: "scale", namespace: "db", workload: { kind: "StatefulSet", name: "pg" }, replicas: 0 },
    ],
    ["node-fail:node-1", { kind: "node-fail", node: "node-1" }],
    ["taint-eviction:node-1", { kind: "taint-eviction", node: "node-1" }],
    ["node-drain:node-2", { kind: "node-drain", node: "node-2" }],
  ])("%s round-trips", (text, event) => {
    expect(parseEvent(text)).toEqual(event);
    expect(formatEvent(event)).toBe(text);
  });

  it.each([
    ["kill-pod:web-1", kill("web-1")],
    [
      "scale:deploy/web=2",
      { kind: "scale", namespace: "default", workload: { kind: "Deployment", name: "web" }, replicas: 2 },
    ],
    [
      "scale:rs/web-abc=1",
      { kind: "scale", namespace: "default", workload: { kind: "ReplicaSet", name: "web-abc" }, replicas: 1 },
    ],
  ])("fills defaults: %s", (text, event) => {
    expect(parseEvent(text)).toEqual(event);
  });

  it.each([
    ["reboot:node-1", /is not an event/],
    ["kill-pod:", /kill-pod needs \[NS\/\]POD/],
    ["kill-pod:a/b/c", /kill-pod needs \[NS\/\]POD/],
    ["scale:deployment/web", /scale needs \[NS\/\]KIND\/NAME=N/],
    ["scale:daemonset/agent=2", /not "daemonset" \(a DaemonSet runs one pod per node\)/],
    ["node-drain:", /node-drain needs a node name/],
  ])("rejects %s", (text, message) => {
    expect(parseEvent(text)).toMatch(message);
  });
});
