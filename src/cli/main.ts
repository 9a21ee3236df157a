import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { analyze } from "../engine/analyze";
import { envoyProxyOf, findPod, renderEnvoyConfig } from "../engine/dataplane/envoyConfig";
import { renderIptables } from "../engine/dataplane/iptables";
import { renderIpvs } from "../engine/dataplane/ipvs";
import { renderKubectlGet } from "../engine/dataplane/kubectlTables";
import { renderNginxConf } from "../engine/dataplane/nginxConf";
import { hasErrors } from "../engine/diagnostics";
import type { Analysis, Cluster, ProxyMode } from "../engine/model";
import { parseHeaderLine, RequestError } from "../engine/route/request";
import { routeRequest } from "../engine/trace";
import type { RequestSpec } from "../engine/traceTypes";
import { applyEvents } from "../simulation/applyEvents";
import type { ClusterEvent } from "../simulation/clusterEvents";
import { EVENT_SYNTAX, formatEvent, parseEvent } from "../simulation/eventSyntax";
import { sendTraffic } from "../simulation/traffic";
import { formatDiagnostic, formatTrace, formatTraffic, traceToJson } from "./format";

const USAGE = `Usage:
  hopscope trace FILE... --url URL [--method M] [-H 'Name: value']... [--from external|NS/POD|NS/WORKLOAD]
                 [--via NS/SERVICE] [--seed N] [--proxy-mode iptables|ipvs] [--event EVENT]... [--json]
  hopscope traffic FILE... --url URL [same options] --count N [--json]
  hopscope lint FILE... [--json]
  hopscope explain iptables|ipvs|kubectl|nginx FILE... [--node NAME] [--event EVENT]...
  hopscope explain envoy FILE... --pod NS/POD|NS/WORKLOAD [--event EVENT]...

EVENT is one of ${EVENT_SYNTAX}; events apply in order.`;

class UsageError extends Error {}

interface ExplainOptions {
  node?: string | undefined;
  pod?: string | undefined;
}

/** The Envoy configuration of a pod with a sidecar or of an ingress gateway pod, found like --from. */
function explainEnvoy(cluster: Cluster, ref: string | undefined): string {
  if (!ref) throw new UsageError("explain envoy needs --pod NS/POD (or NS/WORKLOAD).");
  const pod = findPod(cluster, ref);
  if (!pod) {
    const [namespace, name] = ref.includes("/") ? ref.split("/", 2) : ["default", ref];
    throw new Error(`--pod ${ref}: there is no pod or workload "${name}" in namespace ${namespace}.`);
  }
  const proxy = envoyProxyOf(cluster, pod);
  if ("error" in proxy) throw new Error(proxy.error);
  return renderEnvoyConfig(cluster, pod);
}

/** What each component would be configured with, as the real tools print it. */
const EXPLAIN = {
  iptables: (cluster, { node }) => renderIptables(cluster, node ? { nodeName: node } : {}),
  ipvs: (cluster, { node }) => renderIpvs(cluster, node ? { nodeName: node } : {}),
  kubectl: (cluster) => renderKubectlGet(cluster),
  nginx: (cluster) =>
    cluster.ingress
      ? renderNginxConf(cluster.ingress, cluster)
      : "# No Ingress in these files: the ingress-nginx controller has nothing to serve.",
  envoy: (cluster, { pod }) => explainEnvoy(cluster, pod),
} satisfies Record<string, (cluster: Cluster, options: ExplainOptions) => string>;

function readFiles(paths: string[]) {
  if (paths.length === 0) throw new UsageError("no manifest files given.");
  return paths.map((path) => {
    try {
      return { name: path, text: readFileSync(path === "-" ? 0 : path, "utf8") };
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
  });
}

function parseHeaders(values: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const header = parseHeaderLine(value);
    if (!header) throw new UsageError(`header "${value}" is not "Name: value".`);
    headers[header[0]] = header[1];
  }
  return headers;
}

function parseEvents(values: string[]): ClusterEvent[] {
  return values.map((value) => {
    const event = parseEvent(value);
    if (typeof event === "string") throw new UsageError(`--event ${value}: ${event}`);
    return event;
  });
}

/** The analysis after `--event`s, each narrated through `say`; an event that cannot apply is an error. */
function withEvents(analysis: Analysis, events: ClusterEvent[], say: (s: string) => void): Analysis {
  if (events.length === 0) return analysis;
  const run = applyEvents(analysis, events);
  for (const result of run.results) {
    if (!result.ok) throw new Error(`--event ${formatEvent(result.event)}: ${result.error.message}`);
    say(`event ${formatEvent(result.event)}`);
    for (const line of result.narration) say(`  ${line}`);
  }
  say("");
  return run.analysis;
}

function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a whole number, not "${value}".`);
  return n;
}

async function run(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h") {
    out(USAGE);
    return command ? 0 : 2;
  }
  if (!["trace", "traffic", "lint", "explain"].includes(command))
    throw new UsageError(`unknown command "${command}".`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      method: { type: "string" },
      header: { type: "string", short: "H", multiple: true },
      from: { type: "string" },
      via: { type: "string" },
      seed: { type: "string" },
      count: { type: "string" },
      "proxy-mode": { type: "string" },
      json: { type: "boolean" },
      node: { type: "string" },
      pod: { type: "string" },
      event: { type: "string", multiple: true },
    },
  });
  const events = parseEvents(values.event ?? []);
  if (command === "explain") {
    const [what, ...files] = positionals;
    if (!what || !(what in EXPLAIN)) {
      throw new UsageError(`explain needs one of ${Object.keys(EXPLAIN).join(", ")}, not "${what ?? ""}".`);
    }
    const explained = withEvents(analyze(readFiles(files)), events, err);
    const options = { node: values.node, pod: values.pod };
    out(EXPLAIN[what as keyof typeof EXPLAIN](explained.cluster, options).trimEnd());
    return 0;
  }
  const mode = values["proxy-mode"] ?? "iptables";
  if (mode !== "iptables" && mode !== "ipvs") throw new UsageError(`--proxy-mode must be iptables or ipvs.`);
  const analyzed = analyze(readFiles(positionals), { proxyMode: mode as ProxyMode });
  // Narration goes to stdout before a readable trace, to stderr beside --json (stdout stays JSON).
  const analysis = command === "lint" ? analyzed : withEvents(analyzed, events, values.json ? err : out);

  if (command === "lint") {
    if (values.json) out(JSON.stringify({ diagnostics: analysis.diagnostics }, null, 2));
    else if (analysis.diagnostics.length === 0) out("No problems found.");
    else for (const d of analysis.diagnostics) out(formatDiagnostic(d));
    return hasErrors(analysis.diagnostics) ? 1 : 0;
  }

  if (!values.url) throw new UsageError(`${command} needs --url.`);
  for (const d of analysis.diagnostics.filter((x) => x.severity === "error"))
    err(`warning: ${formatDiagnostic(d)}`);
  const spec: RequestSpec = {
    url: values.url,
    headers: parseHeaders(values.header ?? []),
    from: values.from ?? "external",
    ...(values.method ? { method: values.method } : {}),
    ...(values.via ? { via: values.via } : {}),
  };
  const seed = integerOption(values.seed, "seed", 1);
  if (command === "trace") {
    const trace = routeRequest(analysis, spec, { seed });
    out(values.json ? JSON.stringify(traceToJson(trace), null, 2) : formatTrace(trace));
    return 0;
  }
  const count = integerOption(values.count, "count", 100);
  const result = sendTraffic(analysis, spec, count, seed);
  out(values.json ? JSON.stringify(result, null, 2) : formatTraffic(result));
  return 0;
}

/** Returns the exit code; every error is one clear line, never a stack trace. */
export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
  err: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  try {
    return await run(argv, out, err);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RequestError) {
      err(`hopscope: ${error.message}`);
      if (error instanceof UsageError) err("Run `hopscope --help` for usage.");
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    err(`hopscope: ${message}`);
    return 2;
  }
}
