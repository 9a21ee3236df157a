/**
 * ingress-controller-conformance step definitions: Given steps build the manifest (the Ingress
 * plus what the Go harness creates around it), When/Then steps send requests and check them
 * through the engine's public contract. A step nobody defined stops the file at collection, so
 * a new step in a feature file cannot pass silently.
 */

import { load } from "js-yaml";
import { expect } from "vitest";
import type { Trace } from "../src/engine/traceTypes";
import type { TrafficResult } from "../src/simulation/traffic";
import { type Feature, parseFeature, type Scenario, type Step } from "./gherkin";
import {
  backendObjects,
  type IngressObject,
  isIngress,
  type K8sObject,
  nginxIngressClass,
  tlsSecret,
  toYaml,
} from "./ingressBackends";
import {
  type Analysis,
  backendHop,
  controllerService,
  expectControllerAnswer,
  expectRedirect,
  expectServedBy,
  type IngressCase,
  sendThroughIngress,
  trafficThroughIngress,
} from "./ingressHarness";

interface World {
  ingresses: IngressObject[];
  extras: K8sObject[];
  replicas: Record<string, number>;
}

interface Run {
  analysis: Analysis;
  world: World;
  trace?: Trace;
  traffic?: TrafficResult;
}

interface StepDefinition {
  pattern: RegExp;
  /** Given: adds to the manifest before it is analysed. */
  arrange?: (world: World, match: RegExpExecArray, step: Step) => void;
  /** When/Then: sends or checks once the manifest is analysed. */
  act?: (run: Run, match: RegExpExecArray) => void;
  /** Set when the simulator has nothing to observe for this step: why. */
  unobservable?: string;
}

function docYaml(step: Step): unknown {
  if (step.docString === undefined) throw new Error(`line ${step.line}: "${step.text}" needs a doc string`);
  return load(step.docString);
}

function sentTrace(run: Run): Trace {
  if (!run.trace) throw new Error("a Then step before any request was sent");
  return run.trace;
}

/** `http://"host"/"path"` (default_backend's outline) or `"https://host/path"`: scheme, host, path. */
function splitUrl(written: string) {
  const url = written.replaceAll('"', "");
  const m = /^(https?):\/\/([^/]*)(\/.*)?$/.exec(url);
  if (!m) throw new Error(`cannot read the URL ${written}`);
  return { scheme: m[1] as "http" | "https", host: m[2] ?? "", path: m[3] || "/" };
}

const STEPS: StepDefinition[] = [
  // The suite makes one random namespace per scenario; here every scenario is its own manifest.
  { pattern: /^a new random namespace$/, arrange: () => {} },
  {
    pattern: /^an Ingress resource named "([^"]+)" with this spec:$/,
    arrange: (world, m, step) => {
      const spec = docYaml(step) as IngressObject["spec"];
      world.ingresses.push({
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: m[1] ?? "" },
        spec,
      });
    },
  },
  {
    pattern: /^an Ingress resource( in a new random namespace)?$/,
    arrange: (world, _m, step) => {
      const object = docYaml(step);
      if (!isIngress(object)) throw new Error(`line ${step.line}: the doc string is not an Ingress`);
      world.ingresses.push(object);
    },
  },
  {
    pattern: /^a self-signed TLS secret named "([^"]+)" for the "([^"]+)" hostname$/,
    arrange: (world, m) => {
      world.extras.push(tlsSecret(m[1] ?? "", m[2] ?? ""));
    },
  },
  {
    pattern: /^The backend deployment "([^"]+)" for the ingress resource is scaled to (\d+)$/,
    arrange: (world, m) => {
      world.replicas[m[1] ?? ""] = Number(m[2]);
    },
  },
  {
    // The Ingress status is not part of the analysis; ingress-nginx publishes its own
    // LoadBalancer Service's address there, so that address must exist.
    pattern: /^The Ingress status shows the IP address or FQDN where it is exposed$/,
    act: ({ analysis }) => {
      expect(controllerService(analysis)?.loadBalancerIPs.length ?? 0).toBeGreaterThan(0);
    },
  },
  {
    // What "no status address" means for traffic: the controller does not serve the Ingress, so
    // a request for its own host and path gets the controller's 404 and reaches none of its backends.
    pattern: /^The Ingress status should not contain the IP address or FQDN$/,
    act: (run) => {
      for (const ingress of run.world.ingresses) {
        const rule = ingress.spec.rules?.[0];
        const trace = sendThroughIngress(run.analysis, {
          host: rule?.host ?? "",
          path: rule?.http?.paths[0]?.path ?? "/",
        });
        expectControllerAnswer(trace, 404, "not-found");
        expect(backendHop(trace)).toBeUndefined();
      }
    },
  },
  {
    pattern: /^I send a "([A-Z]+)" request to (.+)$/,
    act: (run, m) => {
      run.trace = sendThroughIngress(run.analysis, { ...splitUrl(m[2] ?? ""), method: m[1] ?? "GET" });
    },
  },
  {
    pattern: /^I send (\d+) requests to "([^"]+)"$/,
    act: (run, m) => {
      run.traffic = trafficThroughIngress(run.analysis, splitUrl(m[2] ?? ""), Number(m[1]));
    },
  },
  {
    pattern: /^the response status-code must be (\d+)$/,
    act: (run, m) => {
      const status = Number(m[1]);
      const trace = sentTrace(run);
      // ICC: 404 = no rule matched and there is no defaultBackend, i.e. the controller's own answer.
      if (status === 404) expectControllerAnswer(trace, 404, "not-found");
      else
        expect(trace.outcome).toMatchObject({ status, ...(status === 200 ? { reason: "delivered" } : {}) });
    },
  },
  {
    pattern: /^the response must be served by the "([^"]+)" service$/,
    act: (run, m) => expectServedBy(sentTrace(run), m[1] ?? ""),
  },
  {
    pattern: /^the request path must be "([^"]*)"$/,
    act: (run, m) => {
      // The suite writes the path without its leading slash; the echo server sees it with one.
      expect(sentTrace(run).destination?.path).toBe(`/${(m[1] ?? "").replace(/^\//, "")}`);
    },
  },
  {
    pattern:
      /^all the responses status-code must be (\d+) and the response body should contain the IP address of (\d+) different Kubernetes pods$/,
    act: (run, m) => {
      const traffic = run.traffic;
      if (!traffic) throw new Error("no traffic was sent");
      expect(traffic.outcomes).toEqual({ [m[1] ?? ""]: traffic.count });
      expect(new Set(traffic.destinations.map((d) => d.pod)).size).toBe(Number(m[2]));
    },
  },
  {
    pattern: /^the response proto must be /,
    unobservable: "no HTTP framing is simulated: no protocol version",
  },
  {
    pattern: /^the request proto must be /,
    unobservable: "no HTTP framing is simulated: no protocol version",
  },
  {
    pattern: /^the response headers must contain /,
    unobservable: "a trace ends in an outcome, not a response: no Content-Length, Date or Server headers",
  },
  {
    pattern: /^the request headers must contain /,
    unobservable: "the destination does not carry request headers (User-Agent is Go's client's anyway)",
  },
  {
    pattern: /^the request method must be /,
    unobservable: "the destination does not carry the method; nothing on an Ingress path changes it",
  },
  {
    pattern: /^the request host must be /,
    unobservable: "the destination does not carry the Host header; ingress-nginx passes it unchanged",
  },
  {
    pattern: /^the secure connection must verify the "[^"]+" hostname$/,
    unobservable: "no certificates are simulated (the harness's Secret holds placeholders)",
  },
];

/**
 * Scenarios whose expectation ingress-nginx, the controller the engine simulates, does not meet
 * by design. Each replaces the listed Then steps with what ingress-nginx does, and says why.
 */
const INGRESS_NGINX_DEVIATIONS: {
  feature: string;
  scenario: string;
  replaces: RegExp[];
  label: string;
  act: (run: Run) => void;
}[] = [
  {
    // The Ingress lists foo.bar.com under `tls`, and ingress-nginx's ssl-redirect defaults to true:
    // plain HTTP to that host gets a 308 to https (semantics.md 3.3; ingress-nginx-behaviour.yaml
    // sslRedirect, case 1). The suite's client does not follow redirects, so it would see the 308 too.
    feature: "Host rules",
    scenario: "An Ingress with a host rule should send traffic to the matching backend service",
    replaces: [/^the response status-code must be 200$/, /^the response must be served by /],
    label: "ingress-nginx answers 308 (ssl-redirect), not 200",
    act: (run) => expectRedirect(sentTrace(run), 308, "https://foo.bar.com/"),
  },
];

function definitionFor(step: Step): { definition: StepDefinition; match: RegExpExecArray } {
  for (const definition of STEPS) {
    const match = definition.pattern.exec(step.text);
    if (match) return { definition, match };
  }
  throw new Error(`line ${step.line}: no step definition for "${step.keyword} ${step.text}"`);
}

function exampleLabel(row: Record<string, string> | undefined): string {
  if (!row) return "";
  return ` [${Object.entries(row)
    .map(([k, v]) => `${k}=${v === "" ? '""' : v}`)
    .join(", ")}]`;
}

function scenarioCase(fileName: string, feature: Feature, scenario: Scenario): IngressCase {
  const steps = [...feature.background, ...scenario.steps].map((step) => ({ step, ...definitionFor(step) }));
  const world: World = { ingresses: [], extras: [], replicas: {} };
  for (const { step, definition, match } of steps) definition.arrange?.(world, match, step);
  // Only ingress_class.feature names a class, and one that must not exist. The harness installs
  // the class a standard ingress-nginx install has (`nginx`, not default), so the Ingress is
  // refused because its class is unknown, not because the cluster has no class at all. The other
  // features are class-less as written (their cluster's default class is stamped on at creation;
  // the engine's assumed controller serves class-less Ingresses), so nothing is added there.
  const classes = world.ingresses.some((i) => i.spec.ingressClassName) ? [nginxIngressClass("nginx")] : [];
  const objects = [
    ...world.ingresses,
    ...classes,
    ...world.extras,
    ...backendObjects(world.ingresses, { replicas: world.replicas }),
  ];
  const deviation = INGRESS_NGINX_DEVIATIONS.find(
    (d) => d.feature === feature.name && d.scenario === scenario.name,
  );
  const checked = steps.filter(
    ({ step, definition }) => definition.act && !deviation?.replaces.some((r) => r.test(step.text)),
  );
  const title = [scenario.name, scenario.description].filter(Boolean).join(" ");
  const name = `${feature.name} › ${title}${exampleLabel(scenario.example)}`;
  return {
    name: deviation ? `${name} [${deviation.label}]` : name,
    files: [{ name: fileName.replace(/\.feature$/, ".yaml"), text: toYaml(objects) }],
    run: (analysis) => {
      const run: Run = { analysis, world };
      for (const { definition, match } of checked) definition.act?.(run, match);
      deviation?.act(run);
    },
  };
}

/** One case per scenario and Examples row; repeated names (path_rules has two) get "#2". */
export function featureCases(fileName: string, text: string): IngressCase[] {
  const feature = parseFeature(text);
  const seen = new Map<string, number>();
  return feature.scenarios.map((scenario) => {
    const c = scenarioCase(fileName, feature, scenario);
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return n > 1 ? { ...c, name: `${c.name} #${n}` } : c;
  });
}
