/**
 * `npm run bench`: the engine's figures side by side in one run, each against its target.
 * Timings live here and never in the tests: on a shared two-core machine they are noise there.
 */
import { availableParallelism, cpus } from "node:os";
import { loadAll } from "js-yaml";
import { analyze, reconcileManifest } from "../src/engine/analyze";
import type { Analysis } from "../src/engine/model";
import { type Manifest, type ManifestFile, parseManifests } from "../src/engine/parse/parseManifests";
import { HOSTILE_CASES } from "../test/hostileInputs";
import { generateLargeManifest, type LargeManifest } from "./generate";
import { generateIngressManifest } from "./generateIngress";
import { generateMeshManifest } from "./generateMesh";
import { describeIngressManifest, ingressSection } from "./ingress";
import { median, medianMs, timeOnce } from "./measure";
import { describeMeshManifest, meshSection } from "./mesh";
import {
  type BenchRequest,
  REQUEST_RUNS,
  REQUESTS_PER_BATCH,
  requestRows,
  TRAFFIC_REPS,
  trafficRows,
} from "./requestRows";
import { count, formatTable, type Heading, ms, type Row, ratio, summarize } from "./table";

const TARGETS = {
  reconcilePerParse: 1,
  traceUs: 50,
  requestsPerSecond: 200_000,
  hostileMs: 2000,
};

const PARSE_RUNS = { warmup: 2, reps: 7 };
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
    ...requestRows(analysis, requests, "trace", TARGETS.traceUs),
    { heading: "Traffic on the large cluster (sendTraffic)" },
    ...trafficRows(analysis, trafficRequests, TRAFFIC_REQUESTS, TARGETS.requestsPerSecond),
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
    `Medians of ${PARSE_RUNS.reps} (parse), ${REQUEST_RUNS.reps} x ${count(REQUESTS_PER_BATCH)} (traces), ${TRAFFIC_REPS} x ${count(TRAFFIC_REQUESTS)} (traffic) and ${HOSTILE_RUNS.reps} (hostile) runs after warm-up.`,
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
