import { describe, expect, it } from "vitest";
import { analyze } from "../engine/analyze";
import { clusterEdges } from "./clusterEdges";

const cluster = (text: string) => analyze([{ name: "test.yaml", text }]).cluster;

const NODES =
  "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2}";
const pod = (name: string, ready = true) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {app: web}}\n` +
  `spec: {nodeName: n1, containers: [{name: c, image: c, ports: [{containerPort: 80}, {containerPort: 81}]}]}` +
  (ready ? "" : "\nstatus: {conditions: [{type: Ready, status: 'False'}]}");
const service = (type: string, ports = "[{port: 80}]") =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: ${type}, selector: {app: web}, ports: ${ports}}`;

/** Edges as `kind source -> target`, short enough to read in a table. */
const describeEdges = (text: string) =>
  clusterEdges(cluster(text)).map(
    (e) => `${e.kind} ${e.source} -> ${e.target}${e.ready ? "" : " (not ready)"}`,
  );

describe("clusterEdges", () => {
  it.each([
    {
      case: "ClusterIP: Service to each endpoint pod",
      text: [NODES, pod("a"), pod("b"), service("ClusterIP")],
      edges: [
        "endpoint svc:default/Service/web -> pod:default/Pod/a",
        "endpoint svc:default/Service/web -> pod:default/Pod/b",
      ],
    },
    {
      case: "LoadBalancer: client to LB, LB to every node, Service to pods",
      text: [NODES, pod("a"), service("LoadBalancer")],
      edges: [
        "entry client -> lb:default/Service/web",
        "balance lb:default/Service/web -> node:n1",
        "balance lb:default/Service/web -> node:n2",
        "endpoint svc:default/Service/web -> pod:default/Pod/a",
      ],
    },
    {
      case: "two Service ports to one pod: one edge",
      text: [NODES, pod("a"), service("ClusterIP", "[{name: x, port: 80}, {name: y, port: 81}]")],
      edges: ["endpoint svc:default/Service/web -> pod:default/Pod/a"],
    },
    {
      case: "a not-ready pod stays drawn, marked not ready",
      text: [NODES, pod("a", false), service("ClusterIP")],
      edges: ["endpoint svc:default/Service/web -> pod:default/Pod/a (not ready)"],
    },
    { case: "no Service: no edges", text: [NODES, pod("a")], edges: [] },
  ])("$case", ({ text, edges }) => {
    expect(describeEdges(text.join("\n---\n"))).toEqual(edges);
  });
});
