/**
 * `npm run bench`: the engine's figures side by side in one run, each against its target.
 * Timings live here and never in the tests: on a shared two-core machine they are noise there.
 */
import { availableParallelism, cpus } from "node:os";
import { loadAll } from "js-yaml";
import { analyze, reconcileManifest } from "../src/engine/analyze";
import type { Analysis } from "../src/engine/model";
import { type Manifest, type ManifestFile, parseManifests } from "../src/engine/parse/parseManifests";
import { routeRequest } from "../src/engine/trace";
import type { RequestSpec } from "../src/engine/traceTypes";
import { sendTraffic } from "../src/simulation/traffic";
import { HOSTILE_CASES } from "../test/hostileInputs";
import { generateLargeManifest, type LargeManifest } from "./generate";
import { generateIngressManifest } from "./generateIngress";
import { generateMeshManifest } from "./generateMesh";
import { describeIngressManifest, ingressSection } from "./ingress";
import { median, medianMs, medianMsPerCall, timeOnce } from "./measure";
import { describeMeshManifest, meshSection } from "./mesh";
import { count, formatTable, type Heading, ms, perSecond, type Row, ratio, summarize, us } from "./table";

const TARGETS = {
  reconcilePerParse: 1,
  traceUs: 50,
  requestsPerSecond: 200_000,
  hostileMs: 2000,
};

const PARSE_RUNS = { warmup: 2, reps: 7 };
const TRACE_RUNS = { warmup: 2, reps: 7 };
const TRACES_PER_BATCH = 2000;
const TRAFFIC_RUNS = { warmup: 1, reps: 5 };
const TRAFFIC_REQUESTS = 100_000;
const HOSTILE_RUNS = { warmup: 1, reps: 3 };

/**
 * js-yaml alone (`loadAll`), the engine's parse (`parseManifests`: js-yaml's event stream, alias
 * checks, objects with their source lines) and the rest of `analyze()`, timed in the same
 * repetition so that a slow moment of the machine hits all three. Ratios are per repetition.
 */
function parseAndReconcile(large: LargeManifest): { rows: Row[]; analysis: Analysis } {
  const files: ManifestFile[] = [{ name: "large.yaml", text: large.text }];
  const samples = { loadAll: [] as number[], parse: [] as number[], reconcile: [] as number[] };
  let analysis: Analysis | undefined;
  for (let i = 0; i < PARSE_RUNS.warmup + PARSE_RUNS.reps; i++) {
    let manifest: Manifest | undefined;
    const loadAllMs = timeOnce(() => loadAll(large.text));
    const parseMs = timeOnce(() => {
      manifest = parseManifests(files);
    });
    const reconcileMs = timeOnce(() => {
      analysis = reconcileManifest(manifest as Manifest);
    });
    if (i < PARSE_RUNS.warmup) continue;
    samples.loadAll.push(loadAllMs);
    samples.parse.push(parseMs);
    samples.reconcile.push(reconcileMs);
  }
  const result = analysis as Analysis;
  const perLoadAll = median(samples.reconcile.map((r, i) => r / (samples.loadAll[i] ?? r)));
  const perParse = median(samples.reconcile.map((r, i) => r / (samples.parse[i] ?? r)));
  const within = (value: number) => value <= TARGETS.reconcilePerParse;
  const { cluster, manifest, diagnostics } = result;
  return {
    analysis: result,
    rows: [
      { figure: "parse: js-yaml loadAll", value: ms(median(samples.loadAll)), target: "", pass: null },
      {
        figure: "parse: engine parseManifests",
        value: ms(median(samples.parse)),
        target: "",
        pass: null,
        note: `${count(manifest.objects.length)} objects`,
      },
      {
        figure: "reconcile: rest of analyze()",
        value: ms(median(samples.reconcile)),
        target: "",
        pass: null,
        note: `${count(cluster.pods.length)} pods, ${count(cluster.services.length)} Services, ${count(diagnostics.length)} diagnostics`,
      },
      {
        figure: "reconcile / js-yaml loadAll",
        value: ratio(perLoadAll),
        target: `<= ${TARGETS.reconcilePerParse}x`,
        pass: within(perLoadAll),
      },
      {
        figure: "reconcile / parseManifests",
        value: ratio(perParse),
        target: `<= ${TARGETS.reconcilePerParse}x`,
        pass: within(perParse),
      },
    ],
  };
}

interface BenchRequest {
  name: string;
  spec: RequestSpec;
  /** Also sent as a traffic run. */
  traffic: boolean;
}

/** The requests the benchmark traces, aimed at Services of every type in the large cluster. */
function benchRequests(large: LargeManifest, analysis: Analysis): BenchRequest[] {
  const { services, nodes } = analysis.cluster;
  const { clientPod, clusterIPNames, loadBalancers, nodePorts } = large.targets;
  const find = (t: { namespace: string; name: string }) =>
    services.find((s) => s.namespace === t.namespace && s.name === t.name);
  // The generator's first LoadBalancer has externalTrafficPolicy: Local, the longer walk (health
  // checked nodes, node-local endpoints).
  const lb = loadBalancers[0] ? find(loadBalancers[0]) : undefined;
  const np = nodePorts[0] ? find(nodePorts[0]) : undefined;
  const headless = services.find((s) => s.headless);
  const externalName = services.find((s) => s.type === "ExternalName");
  // Names from the middle of the lists, so no lookup is lucky to find the first entry.
  const clusterIPName = clusterIPNames[Math.floor(clusterIPNames.length / 2)];
  return [
    {
      name: "pod -> ClusterIP by DNS name",
      spec: { from: clientPod, url: `http://${clusterIPName}/` },
      traffic: true,
    },
    {
      name: "external -> LoadBalancer IP",
      spec: { url: `http://${lb?.loadBalancerIPs[0]}/` },
      traffic: true,
    },
    {
      name: "external -> nodeIP:nodePort",
      spec: { url: `http://${nodes[nodes.length >> 1]?.internalIP}:${np?.ports[0]?.nodePort}/` },
      traffic: false,
    },
    // A headless Service's clients connect to a pod IP on the container's own port.
    {
      name: "pod -> headless Service",
      spec: { from: clientPod, url: `http://${headless?.name}.${headless?.namespace}:8080/` },
      traffic: false,
    },
    {
      name: "pod -> ExternalName Service",
      spec: { from: clientPod, url: `http://${externalName?.name}.${externalName?.namespace}/` },
      traffic: false,
    },
  ];
}

function outcomeOf(analysis: Analysis, spec: RequestSpec): string {
  const { outcome, hops } = routeRequest(analysis, spec);
  return `${outcome.delivered ? `delivered ${outcome.status}` : outcome.reason}, ${hops.length} hops`;
}

function traces(analysis: Analysis, requests: BenchRequest[]): Row[] {
  // The first trace of an analysis builds its lookup tables; every later trace reuses them.
  const first = requests[0];
  const indexMs = first ? timeOnce(() => routeRequest(analysis, first.spec)) : 0;
  const rows: Row[] = [
    {
      figure: "first trace (builds the cluster index)",
      value: ms(indexMs),
      target: "",
      pass: null,
      note: "one run",
    },
  ];
  for (const { name, spec } of requests) {
    const perTraceUs =
      medianMsPerCall((i) => routeRequest(analysis, spec, { seed: i }), TRACES_PER_BATCH, TRACE_RUNS) * 1000;
    rows.push({
      figure: `trace: ${name}`,
      value: us(perTraceUs),
      target: `< ${TARGETS.traceUs} µs`,
      pass: perTraceUs < TARGETS.traceUs,
      note: outcomeOf(analysis, spec),
    });
  }
  return rows;
}

function traffic(analysis: Analysis, requests: BenchRequest[]): Row[] {
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
      target: `>= ${count(TARGETS.requestsPerSecond)} req/s`,
      pass: perSecondValue >= TARGETS.requestsPerSecond,
      note: `${outcomeText} of ${count(sent)}, over ${destinations.length} pods`,
    };
  });
}

function hostile(): Row[] {
  return HOSTILE_CASES.map((hostileCase) => {
    const files: ManifestFile[] = [{ name: "hostile.yaml", text: hostileCase.text() }];
    let analysis: Analysis | undefined;
    const timeMs = medianMs(() => {
      analysis = analyze(files);
    }, HOSTILE_RUNS);
    const { manifest, diagnostics } = analysis as Analysis;
    const error = diagnostics.find((d) => d.severity === "error");
    return {
      figure: `hostile: ${hostileCase.name}`,
      value: ms(timeMs),
      target: `< ${TARGETS.hostileMs / 1000} s`,
      pass: timeMs < TARGETS.hostileMs,
      note: error ? error.code : `${count(manifest.objects.length)} objects`,
    };
  });
}

/** Everything measured on the large manifest. Its analysis is dropped before the hostile inputs. */
function largeManifest(large: LargeManifest): (Row | Heading)[] {
  const { rows: parseRows, analysis } = parseAndReconcile(large);
  const requests = benchRequests(large, analysis);
  // Traffic runs send one request from inside the cluster and one from outside.
  const trafficRequests = requests.filter((r) => r.traffic);
  return [
    { heading: "Large manifest" },
    ...parseRows,
    { heading: "Traces on the large cluster (routeRequest)" },
    ...traces(analysis, requests),
    { heading: "Traffic on the large cluster (sendTraffic)" },
    ...traffic(analysis, trafficRequests),
  ];
}

function main(): void {
  const started = performance.now();
  const large = generateLargeManifest();
  const ingress = generateIngressManifest();
  const mesh = generateMeshManifest();
  const { namespaces, nodes, deployments, services, pods } = large.counts;
  console.log(
    `Hopscope benchmark: Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}).`,
  );
  console.log(
    `Large manifest: ${count(deployments)} Deployments (${count(pods)} pods), ${count(services)} Services of every type, ${nodes} Nodes, ${namespaces} Namespaces; ${(large.text.length / 1024 / 1024).toFixed(1)} MB.`,
  );
  console.log(
    `Medians of ${PARSE_RUNS.reps} (parse), ${TRACE_RUNS.reps} x ${count(TRACES_PER_BATCH)} (traces), ${TRAFFIC_RUNS.reps} x ${count(TRAFFIC_REQUESTS)} (traffic) and ${HOSTILE_RUNS.reps} (hostile) runs after warm-up.`,
  );
  console.log(describeIngressManifest(ingress));
  console.log(`${describeMeshManifest(mesh)}\n`);
  const lines: (Row | Heading)[] = [
    ...largeManifest(large),
    ...ingressSection(ingress),
    ...meshSection(mesh),
    { heading: "Hostile input (analyze, test/hostileInputs.ts)" },
    ...hostile(),
  ];
  console.log(formatTable(lines));
  console.log(`\n${summarize(lines)} Whole run: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main();
