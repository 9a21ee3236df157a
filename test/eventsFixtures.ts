import type { Analysis, SimPod } from "../src/engine/model";
import { applyEvents } from "../src/simulation/applyEvents";
import type { ClusterEvent, EventResult } from "../src/simulation/clusterEvents";
import { analyzeYaml } from "./helpers";

const container = "containers: [{name: app, image: app, ports: [{containerPort: 8080}]}]";

export const deployment = (name: string, replicas: number, extra = "") =>
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {${container}${extra}}`;

export const replicaSet = (name: string, replicas: number) =>
  deployment(name, replicas).replace("kind: Deployment", "kind: ReplicaSet");

export const statefulSet = (name: string, replicas: number, policy = "OrderedReady") =>
  deployment(name, replicas)
    .replace("kind: Deployment", "kind: StatefulSet")
    .replace("spec:\n", `spec:\n  serviceName: ${name}\n  podManagementPolicy: ${policy}\n`);

export const daemonSet = (name: string) =>
  deployment(name, 1).replace("kind: Deployment", "kind: DaemonSet").replace("  replicas: 1\n", "");

export const pod = (name: string, app: string, node?: string) =>
  `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${app}}}
spec: {${node ? `nodeName: ${node}, ` : ""}${container}}`;

export const service = (name: string, spec = "") =>
  `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]${spec}}`;

export const node = (name: string) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}}`;

export function yaml(...docs: string[]): string {
  return docs.join("\n---\n");
}

/** The YAML analysed, then the events applied; every event must succeed. */
export function afterEvents(text: string, ...events: ClusterEvent[]) {
  const before = analyzeYaml(text);
  const run = applyEvents(before, events);
  const failed = run.results.find((r) => !r.ok);
  if (failed && !failed.ok) throw new Error(`${failed.event.kind}: ${failed.error.message}`);
  return { before, run, after: run.analysis, narration: run.results.flatMap(narrationOf) };
}

export function narrationOf(result: EventResult): string[] {
  return result.ok ? result.narration : [];
}

export function podsOf(analysis: Analysis, prefix: string): SimPod[] {
  return analysis.cluster.pods.filter((p) => p.name.startsWith(prefix));
}

/** Ready endpoint IPs of a Service, over all its ports. */
export function readyIPs(analysis: Analysis, serviceName: string): string[] {
  const service = analysis.cluster.services.find((s) => s.name === serviceName);
  const ports = service ? (analysis.cluster.endpoints[service.key] ?? []) : [];
  return [...new Set(ports.flatMap((p) => p.endpoints.filter((e) => e.ready).map((e) => e.ip)))].sort();
}

export const kill = (name: string, namespace = "default"): ClusterEvent => ({
  kind: "kill-pod",
  namespace,
  pod: name,
});
