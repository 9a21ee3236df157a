/**
 * What Envoy does to a request it forwards on an HTTP route, besides choosing where: copies it to
 * mirror clusters, and sets, adds and removes headers on the request and on the response.
 */

import { istioHostMatches } from "../kinds/istioHost";
import type { HeaderOperations, HeaderRules, MirrorPolicy, RouteDestination } from "../kinds/routeParts";
import type { HttpRoute } from "../kinds/virtualService";
import type { SimService, SimServicePort } from "../model";
import { destinationPort, envoyClusterName, serviceOfHost } from "./envoyCluster";
import { destinationRuleFor } from "./meshMatch";
import type { TraceBuilder } from "./traceBuilder";

/**
 * Envoy sends a shadow copy to each mirror cluster and drops its response (request_mirror_policies);
 * the copy's Host gets `-shadow` before any port (shadow_writer_impl.cc). A share under 100% is a
 * roll of the trace's random numbers, made only for routes that have such a mirror, so requests
 * on other routes draw the same numbers as before.
 */
export function mirrorNote(
  tb: TraceBuilder,
  mirrors: readonly MirrorPolicy[],
  from: { service: SimService; port: SimServicePort; clientNamespace: string },
  authority: string,
): string {
  const mesh = tb.index.cluster.mesh;
  let note = "";
  for (const m of mirrors) {
    if (m.percentage <= 0) continue;
    const copied = m.percentage >= 100 || tb.random() * 100 < m.percentage;
    const target = serviceOfHost(tb.index, m.host);
    const port =
      (target ? destinationPort(target, m.port, from)?.port : undefined) ?? m.port ?? from.port.port;
    const cluster = envoyClusterName("outbound", port, m.subset, m.host);
    const known = target
      ? !m.subset ||
        !!(mesh && destinationRuleFor(mesh, m.host, from.clientNamespace, target.namespace))?.subsets.some(
          (s) => s.name === m.subset,
        )
      : !!mesh?.serviceEntries.some((se) => se.hosts.some((h) => istioHostMatches(h, m.host)));
    // Envoy drops a shadow to a cluster it does not have; the primary request is not affected.
    const lost = known ? "" : " (no such cluster, so the copy goes nowhere)";
    const share = m.percentage >= 100 ? "" : ` ${m.percentage}% of requests; this one is`;
    const colon = authority.lastIndexOf(":");
    const shadow =
      colon > 0 && /^\d+$/.test(authority.slice(colon + 1))
        ? `${authority.slice(0, colon)}-shadow${authority.slice(colon)}`
        : `${authority}-shadow`;
    note += copied
      ? ` Envoy also mirrors it (${share ? `mirror,${share} copied` : "mirror"}) to cluster ${cluster}${lost}: a fire-and-forget copy with Host ${shadow}, whose response Envoy drops.`
      : ` The mirror to cluster ${cluster} copies${share} not copied.`;
  }
  return note;
}

const isAuthority = (name: string) => name === "host" || name === ":authority";
/** Pseudo-headers and Host cannot be set or removed as headers (route.go isInternalHeader). */
const isInternal = (name: string) => name.startsWith(":") || name === "host";

/**
 * One header parser of Envoy's: removes first, then sets (overwrite), then adds (another value;
 * shown comma-joined). Host or :authority in set/add rewrites the authority (route.go).
 */
function applyOperations(headers: Record<string, string>, ops: readonly HeaderOperations[]): void {
  for (const op of ops) for (const name of op.remove) if (!isInternal(name)) delete headers[name];
  for (const kind of ["add", "set"] as const)
    for (const op of ops)
      for (const [name, value] of Object.entries(op[kind])) if (isAuthority(name)) headers.host = value;
  for (const op of ops)
    for (const [name, value] of Object.entries(op.set)) if (!isInternal(name)) headers[name] = value;
  for (const op of ops)
    for (const [name, value] of Object.entries(op.add)) {
      if (isInternal(name)) continue;
      const had = headers[name];
      headers[name] = had === undefined ? value : `${had},${value}`;
    }
}

function operationsText(ops: HeaderOperations): string {
  const parts = [
    ...Object.entries(ops.set).map(([k, v]) => `set ${k}: ${v}`),
    ...Object.entries(ops.add).map(([k, v]) => `add ${k}: ${v}`),
    ...ops.remove.map((k) => `remove ${k}`),
  ];
  return parts.join(", ");
}

/** `request headers (route): set a: 1, remove b`, one entry per direction that has operations. */
export function headerRulesText(rules: HeaderRules | null, whose: string): string[] {
  const out: string[] = [];
  const request = rules?.request ? operationsText(rules.request) : "";
  const response = rules?.response ? operationsText(rules.response) : "";
  if (request) out.push(`request headers (${whose}): ${request}`);
  if (response) out.push(`response headers (${whose}): ${response}`);
  return out;
}

/**
 * The route's and the chosen destination's header operations. With one destination istiod puts
 * both in the route, the destination's after (so its `set` wins); with weighted destinations the
 * destination's sit on the weighted cluster, which Envoy evaluates before the route's (route.go
 * processDestination / processWeightedDestination; Envoy's most_specific_header_mutations_wins is
 * off). Returns the headers the destination sees (a new object; null when none change) and a note.
 */
export const NO_HEADER_OPERATIONS = { headers: null, note: "" } as const;

export function headerOperations(
  tb: TraceBuilder,
  route: HttpRoute,
  destination: RouteDestination | null,
): { headers: Record<string, string> | null; note: string } {
  const own = route.headers;
  const theirs = destination?.headers ?? null;
  if (!own && !theirs) return NO_HEADER_OPERATIONS;
  const described = [...headerRulesText(own, "route"), ...headerRulesText(theirs, "destination")];
  const note = described.length > 0 ? ` Envoy applies ${described.join("; ")}.` : "";
  const ownOps = own?.request ?? null;
  const theirOps = theirs?.request ?? null;
  if (!ownOps && !theirOps) return { headers: null, note };
  const headers = { ...tb.request.headers };
  const single = route.route.length <= 1;
  const parsers: HeaderOperations[][] = single
    ? [[ownOps, theirOps].filter((o): o is HeaderOperations => o !== null)]
    : [theirOps ? [theirOps] : [], ownOps ? [ownOps] : []];
  for (const ops of parsers) applyOperations(headers, ops);
  return { headers, note };
}
