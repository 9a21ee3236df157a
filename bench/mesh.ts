/**
 * The mesh figures of `npm run bench`: 500 Services with a VirtualService of 20 routes each and a
 * DestinationRule with subsets (generateMesh.ts), requests routed pod to pod through the client's
 * sidecar and from outside through the ingress gateway, and the Envoy configuration of a sidecar
 * and of the gateway.
 */
import { analyze } from "../src/engine/analyze";
import { findPod, renderEnvoyConfig } from "../src/engine/dataplane/envoyConfig";
import type { Analysis } from "../src/engine/model";
import { generateMeshManifest, type MeshManifest } from "./generateMesh";
import { medianMs } from "./measure";
import {
  type BenchRequest,
  REQUEST_RUNS,
  REQUESTS_PER_BATCH,
  requestRows,
  TRAFFIC_REPS,
  trafficRows,
} from "./requestRows";
import { count, type Heading, ms, type Row } from "./table";

/** The target for one request routed through the mesh. */
export const MESH_ROUTE_US = 30;

const ANALYZE_RUNS = { warmup: 1, reps: 3 };
const RENDER_RUNS = { warmup: 1, reps: 3 };
const TRAFFIC_REQUESTS = 50_000;

function meshRequests({ targets }: MeshManifest): BenchRequest[] {
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

/** Two lines for the run's preamble: the manifest, and how its figures are repeated. */
export function describeMeshManifest(manifest: MeshManifest): string {
  const c = manifest.counts;
  return [
    `Mesh manifest: ${count(c.services)} Services x 20 routes (${count(c.routes)}) in ${c.namespaces} injected namespaces, each with a DestinationRule (subsets v1/v2), and ${c.plainServices} Services without VirtualService; ${count(c.deployments)} Deployments (${count(c.pods)} pods), ${c.peerAuthentications} PeerAuthentications, a Gateway with ${c.gatewayRoutes} routes; ${(manifest.text.length / 1024 / 1024).toFixed(1)} MB.`,
    `Mesh medians of ${ANALYZE_RUNS.reps} (analyze), ${REQUEST_RUNS.reps} x ${count(REQUESTS_PER_BATCH)} (routes), ${RENDER_RUNS.reps} (Envoy configuration) and ${TRAFFIC_REPS} x ${count(TRAFFIC_REQUESTS)} (traffic) runs after warm-up.`,
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
    ...requestRows(analysis, requests, "route", MESH_ROUTE_US),
    { heading: "Envoy configuration (informational)" },
    render(analysis, "renderEnvoyConfig: a sidecar", manifest.targets.client),
    render(analysis, "renderEnvoyConfig: the ingress gateway", manifest.targets.gateway.via),
    { heading: "Traffic through the mesh (sendTraffic, informational)" },
    ...trafficRows(
      analysis,
      requests.filter((r) => r.traffic),
      TRAFFIC_REQUESTS,
      null,
    ),
  ];
}
