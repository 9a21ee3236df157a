/**
 * Cases from istio-bookinfo/expectations/bookinfo-tasks.yaml: the istio.io tasks request-routing,
 * traffic-shifting and fault-injection on the Bookinfo sample, plus the gateway paths and the
 * subset missing from every DestinationRule (503 NC).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { expect } from "vitest";
import {
  ANY_HOST,
  NAMESPACE,
  PRODUCTPAGE_REVIEWS_BUDGET_MS,
  REVIEWS_RATINGS_TIMEOUT_MS,
  urlOf,
  viewPage,
} from "./bookinfoApp";
import {
  type Analysis,
  durationMs,
  expectDecidedBy,
  expectDelivered,
  expectEnvoyAnswer,
  expectServerSidecar,
  expectShares,
  expectSidecarToSidecar,
  type MeshCase,
  podPortOf,
  sendFromPod,
  sendThroughGateway,
  serviceHop,
  sharesBy,
  trafficFromPod,
} from "./istioHarness";
import {
  applyInOrder,
  findSubsetLabels,
  gatewayVirtualService,
  INJECTED_DEFAULT_NAMESPACE,
  type ManifestFile,
  meshVirtualService,
  subsetLabels,
} from "./istioManifests";

interface Expect {
  distribution?: Record<string, number | string>;
  service?: string;
  port?: number;
  status?: number;
  responseFlag?: "NC" | "UH";
  subset?: string;
  workload?: string;
  injectedDelay?: string;
  injected?: boolean;
  page?: string;
  reviewsSection?: string;
  ratingsSection?: string;
  reviews?: string;
  delay?: string;
  note?: string;
  ui?: string;
  why?: string;
}
interface TaskCase {
  from?: string;
  to?: string;
  via?: string;
  host?: string;
  path?: string;
  user?: string;
  headers?: Record<string, string>;
  expect: Expect;
}
interface Scenario {
  name: string;
  apply?: string[];
  remove?: string[];
  cases: TaskCase[];
}
interface Tasks {
  base: string[];
  scenarios: Scenario[];
}

/** "Loads immediately": hops cost milliseconds, an injected delay costs seconds. */
const IMMEDIATE_MS = 1000;
/** Between two runs of the same call the only difference allowed besides the fault's delay. */
const LATENCY_SLACK_MS = 100;
/** "user: anyone-else" in the fault tasks: any logged-in name but jason. */
const OTHER_USER = "alice";

/** Requests per distribution run: the bound of `shareTolerance` stays under ±0.07 for any share. */
const RUN = 1000;

/** "from: productpage" is its only Deployment, productpage-v1; versioned names are Deployments. */
function workloadOf(from: string): string {
  return /-v\d+$/.test(from) ? from : `${from}-v1`;
}

function fraction(value: number | string): number {
  if (typeof value === "number") return value;
  const [num, den] = value.split("/").map(Number);
  return (num ?? Number.NaN) / (den ?? 1);
}

/** `key: value` pairs of an expectation that say something checkable (not the prose fields). */
function summary(e: Expect): string {
  return Object.entries(e)
    .filter(([k]) => !["note", "ui", "why", "page", "reviewsSection", "ratingsSection"].includes(k))
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(", ");
}

function caseName(c: TaskCase): string {
  const headers = Object.entries(c.headers ?? {}).map(([k, v]) => `, ${k}: ${v}`);
  const request = c.via
    ? `${c.via} ${c.host ?? ""} ${c.path ?? ""}`.trim()
    : c.user
      ? `${c.from} (user ${c.user}) → ${c.to}`
      : `${c.from} → ${c.to}${headers.join("")}`;
  const outcome = summary(c.expect) || c.expect.page || c.expect.note || "";
  return `${request} ⇒ ${outcome}`;
}

function meshRequest(c: TaskCase, headers = c.headers) {
  const to = c.to ?? "";
  return {
    from: `${NAMESPACE}/${workloadOf(c.from ?? "")}`,
    url: urlOf(to),
    ...(headers ? { headers } : {}),
  };
}

function gatewayRun(c: TaskCase, files: ManifestFile[]) {
  return (analysis: Analysis) => {
    const trace = sendThroughGateway(
      analysis,
      c.host === "any" ? ANY_HOST : (c.host ?? ANY_HOST),
      c.path ?? "/",
    );
    if (c.expect.status === 404) return expectEnvoyAnswer(trace, 404, "not-found");
    const service = c.expect.service ?? "";
    expect(serviceHop(trace, service)?.namespace, `a hop for Service ${service}`).toBe(NAMESPACE);
    const port = podPortOf(analysis, NAMESPACE, service, c.expect.port ?? 0);
    expectDelivered(trace, { labels: { app: service }, port });
    expectDecidedBy(trace, service, { virtualService: gatewayVirtualService(files) });
  };
}

function distributionRun(c: TaskCase, files: ManifestFile[]) {
  return (analysis: Analysis) => {
    const to = c.to ?? "";
    const expected = Object.fromEntries(
      Object.entries(c.expect.distribution ?? {}).map(([k, v]) => [k, fraction(v)]),
    );
    // Keys are subsets where a DestinationRule defines them (`v1: 0.5`), else workloads (`reviews-v1: 1/3`).
    const subsets = Object.keys(expected).flatMap((k) => {
      const labels = findSubsetLabels(files, to, k);
      return labels ? [[k, labels] as const] : [];
    });
    const traffic = trafficFromPod(analysis, meshRequest(c), RUN);
    const shares = sharesBy(
      traffic,
      (d) =>
        subsets.find(([, labels]) => Object.entries(labels).every(([k, v]) => d.labels[k] === v))?.[0] ??
        d.workload,
    );
    expectShares(traffic, shares, expected);
  };
}

/** Envoy's own answers in this file: 404 NR, 503 NC, and every other status is an injected abort. */
function statusRun(c: TaskCase) {
  return (analysis: Analysis) => {
    const trace = sendFromPod(analysis, meshRequest(c));
    const { status = 0, responseFlag } = c.expect;
    if (status === 404) return expectEnvoyAnswer(trace, 404, "not-found");
    if (responseFlag === "NC") return expectEnvoyAnswer(trace, 503, "no-cluster");
    if (responseFlag === "UH") return expectEnvoyAnswer(trace, 503, "no-endpoints");
    expectEnvoyAnswer(trace, status, "fault");
  };
}

function subsetRun(c: TaskCase, files: ManifestFile[]) {
  return (analysis: Analysis) => {
    const to = c.to ?? "";
    const { subset = "", workload } = c.expect;
    const trace = sendFromPod(analysis, meshRequest(c));
    expectDelivered(trace, { ...(workload ? { workload } : {}), labels: subsetLabels(files, to, subset) });
    expectDecidedBy(trace, to, { virtualService: meshVirtualService(files, to), subset });
    if (c.expect.injectedDelay) {
      // The same call without the user's header takes the fault-free route: the difference is the delay.
      const baseline = sendFromPod(analysis, meshRequest(c, {}));
      const added = trace.outcome.elapsedMs - baseline.outcome.elapsedMs;
      const delay = durationMs(c.expect.injectedDelay);
      expect(Math.abs(added - delay), `${added} ms added, ${delay} ms injected`).toBeLessThanOrEqual(
        LATENCY_SLACK_MS,
      );
    }
  };
}

function pageRun(c: TaskCase, files: ManifestFile[]) {
  return (analysis: Analysis) => {
    const e = c.expect;
    const page = viewPage(analysis, c.user === "anyone-else" ? OTHER_USER : (c.user ?? OTHER_USER));
    expectDelivered(page.entry, { workload: "productpage-v1" });
    if (e.reviews) {
      expectDelivered(page.reviews, { labels: subsetLabels(files, "reviews", e.reviews) });
      expect(page.ratings, "reviews v1 calls no one").toBeNull();
    }
    if (e.reviewsSection) {
      // The mesh sets no route timeout, so the delayed ratings call is answered; productpage's own
      // 6 s budget runs out first (the error text), inside reviews' 10 s.
      expect(page.ratings?.outcome.reason, "reviews calls ratings").toBe("delivered");
      const elapsed = page.ratings?.outcome.elapsedMs ?? 0;
      expect(elapsed).toBeGreaterThan(PRODUCTPAGE_REVIEWS_BUDGET_MS);
      expect(elapsed).toBeLessThan(REVIEWS_RATINGS_TIMEOUT_MS);
    }
    if (e.ratingsSection) expect(page.ratings?.outcome.reason, "reviews calls ratings").toBe("fault");
    if (e.page === "loads immediately" || e.delay === "none") {
      const calls = [page.entry, page.details, page.reviews, page.ratings].filter((t) => t !== null);
      for (const t of calls) expect(t.outcome.elapsedMs).toBeLessThan(IMMEDIATE_MS);
    }
  };
}

function taskCase(scenario: string, manifests: string, files: ManifestFile[], c: TaskCase): MeshCase {
  const base = { name: `${scenario}: ${caseName(c)}`, manifests, files };
  const e = c.expect;
  if (c.via === "ingressgateway") return { ...base, run: gatewayRun(c, files) };
  if (c.from === "browser") return { ...base, run: pageRun(c, files) };
  if (e.distribution) return { ...base, run: distributionRun(c, files) };
  if (e.status !== undefined) return { ...base, run: statusRun(c) };
  if (e.subset) return { ...base, run: subsetRun(c, files) };
  return { ...base, run: () => {}, skip: "application behaviour only, no request to trace" };
}

/** Not in the file: the hop shape every case above relies on (semantics §4.1, §6). */
function meshHopCases(files: ManifestFile[]): MeshCase[] {
  const manifests = "bookinfo base";
  return [
    {
      name: "mesh hops: productpage → reviews goes client sidecar → Service → server sidecar, no kube-proxy",
      manifests,
      files,
      run: (analysis) => {
        const trace = sendFromPod(analysis, { from: `${NAMESPACE}/productpage-v1`, url: urlOf("reviews") });
        expectSidecarToSidecar(trace, "reviews", NAMESPACE, NAMESPACE);
        expect(trace.destination?.container).toBe("reviews");
      },
    },
    {
      name: "mesh hops: the gateway's request ends at productpage's sidecar, then its app container",
      manifests,
      files,
      run: (analysis) => {
        const trace = sendThroughGateway(analysis, ANY_HOST, "/productpage");
        expectServerSidecar(trace, "productpage", NAMESPACE);
        expect(trace.destination?.container).toBe("productpage");
      },
    },
  ];
}

/**
 * The first scenario holds for "only base manifests, or without destination-rule-all" (its
 * name): with no VirtualService the subsets play no part, so both variants run.
 */
function variantsOf(s: Scenario): { label: string; remove: string[] }[] {
  const label = s.name.replace(/\s*\(.*$/, "");
  const variants = [{ label, remove: s.remove ?? [] }];
  if (s.name.includes("without destination-rule-all"))
    variants.push({
      label: `${label} without destination-rule-all`,
      remove: ["networking/destination-rule-all.yaml"],
    });
  return variants;
}

export function bookinfoCases(dir: string): MeshCase[] {
  const tasks = load(readFileSync(join(dir, "expectations/bookinfo-tasks.yaml"), "utf8")) as Tasks;
  const read = (path: string): ManifestFile => ({ name: path, text: readFileSync(join(dir, path), "utf8") });
  const filesFor = (apply: string[], remove: string[]) =>
    applyInOrder([
      INJECTED_DEFAULT_NAMESPACE,
      ...tasks.base.filter((p) => !remove.includes(p)).map(read),
      ...apply.map(read),
    ]);
  const cases = tasks.scenarios.flatMap((s) =>
    variantsOf(s).flatMap(({ label, remove }) => {
      const files = filesFor(s.apply ?? [], remove);
      return s.cases.map((c) => taskCase(label, `bookinfo ${label}`, files, c));
    }),
  );
  return [...cases, ...meshHopCases(filesFor([], []))];
}
