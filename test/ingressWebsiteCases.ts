/**
 * Cases from k8s-website-examples/expectations/ingress-matching.yaml: the Ingress page's
 * path-matching and wildcard-host tables, and requests against the example manifests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load, loadAll } from "js-yaml";
import { expect } from "vitest";
import { routeRequest } from "../src/engine/trace";
import { sendTraffic } from "../src/simulation/traffic";
import {
  backendObjects,
  ingress,
  isIngress,
  type K8sObject,
  nginxIngressClass,
  tlsSecret,
  toYaml,
} from "./ingressBackends";
import {
  backendHop,
  expectControllerAnswer,
  expectServedBy,
  type IngressCase,
  SEED,
  sendThroughIngress,
} from "./ingressHarness";

interface PathEntry {
  type: string;
  path: string;
}
interface PathRow {
  paths: PathEntry[];
  request: string;
  matches: boolean;
  winner?: string | PathEntry;
}
interface HostRow {
  ruleHost: string;
  hostHeader: string;
  matches: boolean;
}
interface ScenarioCase {
  scheme?: "http" | "https";
  host?: string;
  path?: string;
  client?: string;
  dns?: string;
  port?: number;
  expect: {
    service?: string;
    port?: number;
    tlsSecret?: string;
    defaultBackend?: boolean;
    resource?: { apiGroup: string; kind: string; name: string };
    endpoints?: number;
    podPort?: number;
  };
}
interface Expectations {
  pathTable: PathRow[];
  hostTable: HostRow[];
  scenarios: { manifest: string | string[]; cases: ScenarioCase[] }[];
}

/** Every table row is one Ingress rule on one host; each path gets a Service named after it. */
const TABLE_HOST = "paths.example";
const harnessFile = (objects: readonly object[]) => ({ name: "harness.yaml", text: toYaml(objects) });

/** `Prefix /aaa/bbb/` -> `prefix-aaa-bbb-slash`: the winner shows in the Service's name. */
function pathService({ type, path }: PathEntry): string {
  const words = path.split("/").filter(Boolean);
  return [
    type.toLowerCase(),
    ...(words.length ? words : ["root"]),
    ...(path.length > 1 && path.endsWith("/") ? ["slash"] : []),
  ].join("-");
}

function pathRowCase(row: PathRow): IngressCase {
  const rule = {
    host: TABLE_HOST,
    paths: row.paths.map((p) => ({ path: p.path, pathType: p.type, service: pathService(p) })),
  };
  const objects = [ingress("path-table", [rule])];
  // The winner is written as a path, or as {type, path} where two entries share the path.
  const w = row.winner;
  const winner = row.paths.find((p) =>
    typeof w === "string" ? p.path === w : p.type === w?.type && p.path === w.path,
  );
  const listed = row.paths.map((p) => `${p.type} ${p.path}`).join(", ");
  return {
    name: `pathTable: ${listed} ← ${row.request}: ${winner ? `${winner.type} ${winner.path} wins` : "no match, 404"}`,
    files: [harnessFile([...objects, ...backendObjects(objects, { serviceType: "ClusterIP" })])],
    run: (analysis) => {
      const trace = sendThroughIngress(analysis, { host: TABLE_HOST, path: row.request });
      // No match on the host -> the default backend; none is defined, so ingress-nginx's own 404.
      if (row.matches && winner) expectServedBy(trace, pathService(winner));
      else expectControllerAnswer(trace, 404, "not-found");
    },
  };
}

function hostRowCase(row: HostRow): IngressCase {
  const service = row.ruleHost.replace("*", "wildcard").replaceAll(".", "-");
  const objects = [ingress("host-table", [{ host: row.ruleHost, paths: [{ path: "/", service }] }])];
  return {
    name: `hostTable: ${row.ruleHost} vs Host ${row.hostHeader}: ${row.matches ? "matches" : "no match, 404"}`,
    files: [harnessFile([...objects, ...backendObjects(objects, { serviceType: "ClusterIP" })])],
    run: (analysis) => {
      const trace = sendThroughIngress(analysis, { host: row.hostHeader, path: "/" });
      if (row.matches) expectServedBy(trace, service);
      else expectControllerAnswer(trace, 404, "not-found");
    },
  };
}

/** A pod to send the in-cluster cases from (the examples have no client of their own). */
const CLIENT: K8sObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "client" },
  spec: { containers: [{ name: "curl", image: "curlimages/curl" }] },
};

/**
 * What the examples leave out, as the expectations file says ("assume each named Service exists
 * with ready endpoints"): the backends, the Secrets `tls` names, an ingress-nginx IngressClass
 * for every class an Ingress names (minimal-ingress.yaml's `nginx-example`, as the page assumes),
 * and a client pod for in-cluster requests.
 */
function exampleHarness(objects: readonly unknown[], inCluster: boolean): object[] {
  const ingresses = objects.filter(isIngress);
  const classes = [...new Set(ingresses.flatMap((i) => i.spec.ingressClassName ?? []))];
  const secrets = ingresses.flatMap((i) =>
    (i.spec.tls ?? []).flatMap((t) => (t.secretName ? [tlsSecret(t.secretName, t.hosts?.[0] ?? "")] : [])),
  );
  return [
    ...classes.map(nginxIngressClass),
    ...secrets,
    ...backendObjects(ingresses, { serviceType: "ClusterIP" }),
    ...(inCluster ? [CLIENT] : []),
  ];
}

function expectLabel(e: ScenarioCase["expect"]): string {
  if (e.defaultBackend) return "default backend (404)";
  if (e.resource) return `${e.resource.kind} ${e.resource.name}`;
  if (e.endpoints) return `${e.endpoints} endpoints on pod port ${e.podPort}`;
  return `${e.service}:${e.port}${e.tlsSecret ? ` (TLS ${e.tlsSecret})` : ""}`;
}

function scenarioCase(label: string, files: IngressCase["files"], c: ScenarioCase): IngressCase {
  const request = { scheme: c.scheme ?? "http", host: c.host ?? "", path: c.path ?? "/" } as const;
  const what = c.client
    ? `${c.client} → ${c.dns}:${c.port}`
    : `${request.scheme}://${request.host || "(no Host, the controller's IP)"}${request.path}`;
  return {
    name: `${label}: ${what} → ${expectLabel(c.expect)}`,
    files,
    run: (analysis) => {
      const e = c.expect;
      if (c.client) {
        const spec = { url: `http://${c.dns}:${c.port}/`, from: `default/${CLIENT.metadata.name}` };
        expect(routeRequest(analysis, spec, { seed: SEED }).destination?.port).toBe(e.podPort);
        // Enough requests that missing one of a handful of endpoints would be a real fault.
        const traffic = sendTraffic(analysis, spec, 100, SEED);
        expect(new Set(traffic.destinations.map((d) => d.pod)).size).toBe(e.endpoints);
        return;
      }
      const trace = sendThroughIngress(analysis, request);
      if (e.defaultBackend) return expectControllerAnswer(trace, 404, "not-found");
      const controllerHop = trace.hops.find((h) => h.kind === "ingress-controller");
      if (e.resource) {
        // A resource backend is not a Service: nothing is delivered, and the controller's hop
        // names the object the matched rule points at (which rule matched is the point here).
        const { kind, name } = e.resource;
        expect({
          backend: backendHop(trace),
          destination: trace.destination,
          explanation: controllerHop?.explanation,
        }).toEqual({
          backend: undefined,
          destination: null,
          explanation: expect.stringMatching(new RegExp(`(?=[^]*\\b${kind}\\b)(?=[^]*\\b${name}\\b)`)),
        });
        return;
      }
      expectServedBy(trace, e.service ?? "");
      // The Service port is the controller's choice; the backend hop's address is the pod endpoint.
      expect(controllerHop?.explanation).toContain(`Service ${e.service} port ${e.port}`);
      if (e.tlsSecret) expect(controllerHop?.explanation ?? "").toContain(e.tlsSecret);
    },
  };
}

export function websiteCases(dir: string): IngressCase[] {
  const data = load(readFileSync(join(dir, "expectations/ingress-matching.yaml"), "utf8")) as Expectations;
  const scenarios = data.scenarios.flatMap(({ manifest, cases }) => {
    const paths = typeof manifest === "string" ? [manifest] : manifest;
    const originals = paths.map((path) => ({ name: path, text: readFileSync(join(dir, path), "utf8") }));
    const objects = originals.flatMap((f) => loadAll(f.text));
    const files = [
      ...originals,
      harnessFile(
        exampleHarness(
          objects,
          cases.some((c) => c.client),
        ),
      ),
    ];
    const label = paths.map((p) => p.replace(/^.*\//, "")).join(" + ");
    return cases.map((c) => scenarioCase(label, files, c));
  });
  return [...data.pathTable.map(pathRowCase), ...data.hostTable.map(hostRowCase), ...scenarios];
}
