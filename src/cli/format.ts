import type { Diagnostic } from "../engine/diagnostics";
import type { Trace } from "../engine/traceTypes";
import type { TrafficResult } from "../simulation/traffic";

/** The `trace --json` contract: exactly these keys, whatever the engine carries internally. */
export function traceToJson(trace: Trace) {
  return {
    outcome: trace.outcome,
    hops: trace.hops.map((h) => ({
      kind: h.kind,
      name: h.name,
      ...(h.namespace !== undefined ? { namespace: h.namespace } : {}),
      ...(h.address !== undefined ? { address: h.address } : {}),
      explanation: h.explanation,
      ...(h.delayMs !== undefined ? { delayMs: h.delayMs } : {}),
      ...(h.source
        ? {
            source: {
              kind: h.source.kind,
              namespace: h.source.namespace,
              name: h.source.name,
              line: h.source.line,
            },
          }
        : {}),
    })),
    destination: trace.destination,
  };
}

export function formatTrace(trace: Trace): string {
  const lines = trace.hops.map((h, i) => {
    const where = h.source ? `  [${h.source.kind} ${h.source.name}, line ${h.source.line}]` : "";
    const who = `${h.kind} ${h.namespace ? `${h.namespace}/` : ""}${h.name}`;
    return `${String(i + 1).padStart(2)}. ${who.padEnd(42)} ${(h.address ?? "").padEnd(22)} ${h.explanation}${where}`;
  });
  const { outcome, destination } = trace;
  const end = outcome.delivered
    ? `=> delivered, ${outcome.status}, in ${outcome.elapsedMs} ms: ${destination?.namespace}/${destination?.pod} (${destination?.workload}), container ${destination?.container} port ${destination?.port}, path ${destination?.path}`
    : `=> not delivered: ${outcome.reason}${outcome.status !== null ? ` (${outcome.status})` : ""} after ${outcome.elapsedMs} ms`;
  return [...lines, end].join("\n");
}

export function formatTraffic(result: TrafficResult): string {
  const out = [`${result.count} requests`];
  for (const [key, n] of Object.entries(result.outcomes)) out.push(`  ${key.padEnd(20)} ${n}`);
  if (result.destinations.length) out.push("destinations:");
  for (const d of result.destinations) {
    const share = ((100 * d.count) / result.count).toFixed(1).padStart(5);
    out.push(
      `  ${`${d.namespace}/${d.pod}`.padEnd(50)} ${String(d.count).padStart(7)} ${share}%  (${d.workload})`,
    );
  }
  return out.join("\n");
}

export function formatDiagnostic(d: Diagnostic): string {
  const object = d.object
    ? ` ${d.object.kind} ${d.object.namespace ? `${d.object.namespace}/` : ""}${d.object.name}`
    : "";
  const field = d.field ? ` (${d.field})` : "";
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}${object}${field}: ${d.message} Hint: ${d.hint}`;
}
