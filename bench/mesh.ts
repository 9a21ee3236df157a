/**
 * The mesh figures of `npm run bench`: 500 Services with a VirtualService of 20 routes each and a
 * DestinationRule with subsets (generateMesh.ts), requests routed pod to pod through the client's
 * sidecar and from outside through the ingress gateway, and the Envoy configuration of a sidecar
 * and of the gateway.
 */
import { analyze } from "../src/engine/analyze";
import { findPod, renderEnvoyConfig } from "../src/engine/dataplane/envoyConfig";
import type { Analysis } from "../src/engine/model";
import { routeRequest } from "../src/engine/trace";
import type { RequestSpec } from "../src/engine/traceTypes";
import { sendTraffic } from "../src/simulation/traffic";
import { generateMeshManifest, type MeshManifest } from "./generateMesh";
import { medianMs, medianMsPerCall, timeOnce } from "./measure";
import { count, type Heading, ms, perSecond, type Row, us } from "./table";

/** The target for one request routed through the mesh. */
export const MESH_ROUTE_US = 30;

const ANALYZE_RUNS = { warmup: 1, reps: 3 };
const ROUTE_RUNS = { warmup: 2, reps: 7 };
const ROUTES_PER_BATCH = 2000;
const RENDER_RUNS = { warmup: 1, reps: 3 };
const TRAFFIC_RUNS = { warmup: 1, reps: 5 };
const TRAFFIC_REQUESTS = 50_000;

interface MeshRequest {
  name: string;
  spec: RequestSpec;
  /** Also sent as a traffic run. */
  traffic: boolean;
}

function meshRequests({ targets }: MeshManifest): MeshRequest[] {
  const from = targets.client;
  return [
    { name: "pod -> Service, first route (uri exact)", spec: { from, ...targets.firstRoute }, traffic: true },
    { name: "pod -> Service, 20th route (no match)", spec: { from, ...targets.lastRoute }, traffic: false },
    { name: "pod -> Service, header match", spec: { from, ...targets.headerMatch }, traffic: false },
    { name: "pod -> Service, weighted 70/30 split", spec: { from, ...targets.weighted }, traffic: true },
    {
      name: "pod -> Service without VirtualService",
      spec: { from, ...targets.noVirtualService },
      traffic: false,
    },
    { name: "external -> ingress gateway -> Service", spec: targets.gateway, traffic: true },
  ];
}

function analyzeMesh(manifest: MeshManifest): { row: Row; analysis: Analysis } {
  const files = [{ name: "mesh.yaml", text: manifest.text }];
  let analysis: Analysis | undefined;
  const analyzeMs = medianMs(() => {
    analysis = analyze(files);
  }, ANALYZE_RUNS);
  const result = analysis as Analysis;
  const sidecars = result.cluster.pods.filter((p) => p.sidecar).length;
  return {
    analysis: result,
    row: {
      figure: "analyze() of the mesh manifest",
      value: ms(analyzeMs),
      target: "",
      pass: null,
      note: `${count(result.manifest.objects.length)} objects; ${count(result.cluster.pods.length)} pods (${count(sidecars)} with a sidecar); ${count(result.diagnostics.length)} diagnostics`,
    },
  };
}

/** What Envoy decided, for the note: the outcome and, when delivered, the workload that answered. */
function outcomeOf(analysis: Analysis, spec: RequestSpec): string {
  const { outcome, hops, destination } = routeRequest(analysis, spec);
  const result = outcome.delivered
    ? `delivered ${outcome.status}`
    : `${outcome.reason} ${outcome.status ?? ""}`;
  const where = destination ? ` to ${destination.workload}${destination.path}` : "";
  return `${result.trimEnd()}${where}, ${hops.length} hops`;
}

function routes(analysis: Analysis, requests: readonly MeshRequest[]): Row[] {
  // The first trace of an analysis builds its lookup tables; every later trace reuses them.
  const first = requests[0];
  const indexMs = first ? timeOnce(() => routeRequest(analysis, first.spec)) : 0;
  const rows: Row[] = [
    {
      figure: "first route (builds the cluster index)",
      value: ms(indexMs),
      target: "",
      pass: null,
      note: "one run",
    },
  ];
  for (const { name, spec } of requests) {
    const perRouteUs =
      medianMsPerCall((i) => routeRequest(analysis, spec, { seed: i }), ROUTES_PER_BATCH, ROUTE_RUNS) * 1000;
    rows.push({
      figure: `route: ${name}`,
      value: us(perRouteUs),
      target: `< ${MESH_ROUTE_US} µs`,
      pass: perRouteUs < MESH_ROUTE_US,
      note: outcomeOf(analysis, spec),
    });
  }
  return rows;
}

/** Envoy's configuration for one pod, as `renderEnvoyConfig` writes it, and the size of that text. */
function render(analysis: Analysis, figure: string, ref: string): Row {
  const pod = findPod(analysis.cluster, ref);
  if (!pod) return { figure, value: "-", target: "", pass: null, note: `no pod ${ref}` };
  let text = "";
  const renderMs = medianMs(() => {
    text = renderEnvoyConfig(analysis.cluster, pod);
  }, RENDER_RUNS);
  const lines = text.split("\n").length - 1;
  return {
    figure,
    value: ms(renderMs),
    target: "",
    pass: null,
    note: `${ref}: ${(text.length / 1024 / 1024).toFixed(1)} MB, ${count(lines)} lines`,
  };
}

/** Traffic through the mesh: reported for comparison, the target is per routed request. */
function traffic(analysis: Analysis, requests: readonly MeshRequest[]): Row[] {
  return requests.map(({ name, spec }) => {
    const perSecondValue =
      (TRAFFIC_REQUESTS / medianMs(() => sendTraffic(analysis, spec, TRAFFIC_REQUESTS), TRAFFIC_RUNS)) * 1000;
    const { count: sent, outcomes, destinations } = sendTraffic(analysis, spec, 1000);
    const outcomeText = Object.entries(outcomes)
      .map(([outcome, times]) => `${count(times)} x ${outcome}`)
      .join(", ");
    return {
      figure: `sendTraffic: ${name}`,
      value: perSecond(perSecondValue),
      target: "",
      pass: null,
      note: `${outcomeText} of ${count(sent)}, over ${destinations.length} pods`,
    };
  });
}

/** Two lines for the run's preamble: the manifest, and how its figures are repeated. */
export function describeMeshManifest(manifest: MeshManifest): string {
  const c = manifest.counts;
  return [
    `Mesh manifest: ${count(c.services)} Services x 20 routes (${count(c.routes)}) in ${c.namespaces} injected namespaces, each with a DestinationRule (subsets v1/v2), and ${c.plainServices} Services without VirtualService; ${count(c.deployments)} Deployments (${count(c.pods)} pods), ${c.peerAuthentications} PeerAuthentications, a Gateway with ${c.gatewayRoutes} routes; ${(manifest.text.length / 1024 / 1024).toFixed(1)} MB.`,
    `Mesh medians of ${ANALYZE_RUNS.reps} (analyze), ${ROUTE_RUNS.reps} x ${count(ROUTES_PER_BATCH)} (routes), ${RENDER_RUNS.reps} (Envoy configuration) and ${TRAFFIC_RUNS.reps} x ${count(TRAFFIC_REQUESTS)} (traffic) runs after warm-up.`,
  ].join("\n");
}

/** Everything measured on the mesh manifest. Its analysis is dropped when the section ends. */
export function meshSection(manifest: MeshManifest = generateMeshManifest()): (Row | Heading)[] {
  const { row, analysis } = analyzeMesh(manifest);
  const requests = meshRequests(manifest);
  return [
    { heading: "Mesh manifest (Istio)" },
    row,
    { heading: "Requests through the mesh (routeRequest through Envoy)" },
    ...routes(analysis, requests),
    { heading: "Envoy configuration (informational)" },
    render(analysis, "renderEnvoyConfig: a sidecar", manifest.targets.client),
    render(analysis, "renderEnvoyConfig: the ingress gateway", manifest.targets.gateway.via),
    { heading: "Traffic through the mesh (sendTraffic, informational)" },
    ...traffic(
      analysis,
      requests.filter((r) => r.traffic),
    ),
  ];
}
