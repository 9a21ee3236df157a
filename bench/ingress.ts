/**
 * The Ingress figures of `npm run bench`: 1,000 Ingresses x 10 paths over 300 hosts
 * (generateIngress.ts), analysed with the assumed ingress-nginx controller, then requests from
 * outside routed through nginx, and the nginx.conf the controller would render.
 */
import { analyze } from "../src/engine/analyze";
import { renderNginxConf } from "../src/engine/dataplane/nginxConf";
import type { Analysis } from "../src/engine/model";
import { routeRequest } from "../src/engine/trace";
import type { RequestSpec } from "../src/engine/traceTypes";
import { sendTraffic } from "../src/simulation/traffic";
import { generateIngressManifest, type IngressManifest } from "./generateIngress";
import { medianMs, medianMsPerCall, timeOnce } from "./measure";
import { count, type Heading, ms, perSecond, type Row, us } from "./table";

/** The target for one request routed through the controller. */
export const INGRESS_ROUTE_US = 20;

const ANALYZE_RUNS = { warmup: 1, reps: 3 };
const ROUTE_RUNS = { warmup: 2, reps: 7 };
const ROUTES_PER_BATCH = 2000;
const RENDER_RUNS = { warmup: 1, reps: 3 };
const TRAFFIC_RUNS = { warmup: 1, reps: 5 };
const TRAFFIC_REQUESTS = 50_000;

interface IngressRequest {
  name: string;
  spec: RequestSpec;
  /** Also sent as a traffic run. */
  traffic: boolean;
}

function ingressRequests({ targets }: IngressManifest): IngressRequest[] {
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

/** What nginx decided, for the note: the outcome and, when delivered, the path the pod received. */
function outcomeOf(analysis: Analysis, spec: RequestSpec): string {
  const { outcome, hops, destination } = routeRequest(analysis, spec);
  const result = outcome.delivered
    ? `delivered ${outcome.status}`
    : `${outcome.reason} ${outcome.status ?? ""}`;
  const where = destination ? ` to ${destination.workload}${destination.path}` : "";
  return `${result.trimEnd()}${where}, ${hops.length} hops`;
}

function routes(analysis: Analysis, requests: readonly IngressRequest[]): Row[] {
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
      target: `< ${INGRESS_ROUTE_US} µs`,
      pass: perRouteUs < INGRESS_ROUTE_US,
      note: outcomeOf(analysis, spec),
    });
  }
  return rows;
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

/** Traffic through the controller: reported for comparison, the target is per routed request. */
function traffic(analysis: Analysis, requests: readonly IngressRequest[]): Row[] {
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
export function describeIngressManifest(manifest: IngressManifest): string {
  const c = manifest.counts;
  return [
    `Ingress manifest: ${count(c.ingresses)} Ingresses x 10 paths (${count(c.paths)}) over ${c.hosts} hosts (${c.tlsHosts} with TLS, ${c.regexHosts} use-regex, ${c.wildcardHosts} wildcard; ${c.canaries} canaries), ${count(c.services)} Services, ${count(c.pods)} pods; ${(manifest.text.length / 1024 / 1024).toFixed(1)} MB.`,
    `Ingress medians of ${ANALYZE_RUNS.reps} (analyze), ${ROUTE_RUNS.reps} x ${count(ROUTES_PER_BATCH)} (routes), ${RENDER_RUNS.reps} (nginx.conf) and ${TRAFFIC_RUNS.reps} x ${count(TRAFFIC_REQUESTS)} (traffic) runs after warm-up.`,
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
    ...routes(analysis, requests),
    { heading: "nginx.conf (informational)" },
    render(analysis),
    { heading: "Traffic through ingress-nginx (sendTraffic, informational)" },
    ...traffic(
      analysis,
      requests.filter((r) => r.traffic),
    ),
  ];
}
