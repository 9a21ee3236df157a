/**
 * The Ingress figures of `npm run bench`: 1,000 Ingresses x 10 paths over 300 hosts
 * (generateIngress.ts), analysed with the assumed ingress-nginx controller, then requests from
 * outside routed through nginx, and the nginx.conf the controller would render.
 */
import { analyze } from "../src/engine/analyze";
import { renderNginxConf } from "../src/engine/dataplane/nginxConf";
import type { Analysis } from "../src/engine/model";
import { generateIngressManifest, type IngressManifest } from "./generateIngress";
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

/** The target for one request routed through the controller. */
export const INGRESS_ROUTE_US = 20;

const ANALYZE_RUNS = { warmup: 1, reps: 3 };
const RENDER_RUNS = { warmup: 1, reps: 3 };
const TRAFFIC_REQUESTS = 50_000;

function ingressRequests({ targets }: IngressManifest): BenchRequest[] {
  return [
    { name: "Exact path", spec: { url: targets.exact }, traffic: true },
    { name: "Prefix on a host with 40 paths", spec: { url: targets.prefixManyPaths }, traffic: false },
    { name: "use-regex host, rewrite-target", spec: { url: targets.regex }, traffic: false },
    { name: "canary by header", spec: targets.canary, traffic: true },
    { name: "unknown path (404)", spec: { url: targets.unknownPath }, traffic: false },
    { name: "wildcard host", spec: { url: targets.wildcard }, traffic: false },
    { name: "https on a TLS host", spec: { url: targets.tls }, traffic: false },
  ];
}

function analyzeIngresses(manifest: IngressManifest): { row: Row; analysis: Analysis } {
  const files = [{ name: "ingress.yaml", text: manifest.text }];
  let analysis: Analysis | undefined;
  const analyzeMs = medianMs(() => {
    analysis = analyze(files);
  }, ANALYZE_RUNS);
  const result = analysis as Analysis;
  const servers = result.cluster.ingress?.servers ?? [];
  const locations = servers.reduce((n, s) => n + s.locations.length, 0);
  return {
    analysis: result,
    row: {
      figure: "analyze() of the Ingress manifest",
      value: ms(analyzeMs),
      target: "",
      pass: null,
      note: `${count(result.manifest.objects.length)} objects; ${count(servers.length)} servers, ${count(locations)} locations; ${count(result.diagnostics.length)} diagnostics`,
    },
  };
}

function render(analysis: Analysis): Row {
  const ingress = analysis.cluster.ingress;
  if (!ingress)
    return { figure: "renderNginxConf", value: "-", target: "", pass: null, note: "no controller" };
  let conf = "";
  const renderMs = medianMs(() => {
    conf = renderNginxConf(ingress, analysis.cluster);
  }, RENDER_RUNS);
  const lines = conf.split("\n").length - 1;
  return {
    figure: "renderNginxConf",
    value: ms(renderMs),
    target: "",
    pass: null,
    note: `${(conf.length / 1024 / 1024).toFixed(1)} MB, ${count(lines)} lines`,
  };
}

/** Two lines for the run's preamble: the manifest, and how its figures are repeated. */
export function describeIngressManifest(manifest: IngressManifest): string {
  const c = manifest.counts;
  return [
    `Ingress manifest: ${count(c.ingresses)} Ingresses x 10 paths (${count(c.paths)}) over ${c.hosts} hosts (${c.tlsHosts} with TLS, ${c.regexHosts} use-regex, ${c.wildcardHosts} wildcard; ${c.canaries} canaries), ${count(c.services)} Services, ${count(c.pods)} pods; ${(manifest.text.length / 1024 / 1024).toFixed(1)} MB.`,
    `Ingress medians of ${ANALYZE_RUNS.reps} (analyze), ${REQUEST_RUNS.reps} x ${count(REQUESTS_PER_BATCH)} (routes), ${RENDER_RUNS.reps} (nginx.conf) and ${TRAFFIC_REPS} x ${count(TRAFFIC_REQUESTS)} (traffic) runs after warm-up.`,
  ].join("\n");
}

/** Everything measured on the Ingress manifest. Its analysis is dropped when the section ends. */
export function ingressSection(manifest: IngressManifest = generateIngressManifest()): (Row | Heading)[] {
  const { row, analysis } = analyzeIngresses(manifest);
  const requests = ingressRequests(manifest);
  return [
    { heading: "Ingress manifest (ingress-nginx)" },
    row,
    { heading: "Requests through ingress-nginx (routeRequest from outside)" },
    ...requestRows(analysis, requests, "route", INGRESS_ROUTE_US),
    { heading: "nginx.conf (informational)" },
    render(analysis),
    { heading: "Traffic through ingress-nginx (sendTraffic, informational)" },
    ...trafficRows(
      analysis,
      requests.filter((r) => r.traffic),
      TRAFFIC_REQUESTS,
      null,
    ),
  ];
}
