/**
 * A VirtualService's `tcp` and `tls` routes (I-API TCPRoute, TLSRoute): opaque connections routed
 * by port, destination address and, for TLS, the SNI the client sends; never by path or header.
 */
import type { FieldPath } from "../parse/positions";
import { integer, isRecord, list, record, stringMap, text } from "./read";
import { destinationOf, type RouteDestination } from "./routeParts";

/** L4MatchAttributes / TLSMatchAttributes: every condition set must hold. */
export interface L4Match {
  port: number | null;
  /** CIDRs (or plain IPs) the destination address must be in. */
  destinationSubnets: string[];
  /** TLS only: the SNI the client sends, `*.x` allowed. */
  sniHosts: string[];
  sourceLabels: Record<string, string> | null;
  sourceNamespace: string | null;
  gateways: string[] | null;
}

export interface L4Route {
  protocol: "tcp" | "tls";
  index: number;
  field: FieldPath;
  /** Empty: the route takes every connection. */
  match: L4Match[];
  route: RouteDestination[];
}

function strings(value: unknown): string[] {
  return list(value).flatMap((v) => (typeof v === "string" ? [v] : []));
}

export function readL4Routes(
  protocol: "tcp" | "tls",
  value: unknown,
  namespace: string,
  gatewayRef: (name: string) => string,
): L4Route[] {
  return list(value).map((r, index) => {
    const route = record(r);
    return {
      protocol,
      index,
      field: ["spec", protocol, index],
      match: list(route.match).map((m) => {
        const match = record(m);
        return {
          port: integer(match.port),
          destinationSubnets: strings(match.destinationSubnets),
          sniHosts: strings(match.sniHosts).map((h) => h.toLowerCase()),
          sourceLabels: isRecord(match.sourceLabels) ? stringMap(match.sourceLabels) : null,
          sourceNamespace: text(match.sourceNamespace),
          gateways: Array.isArray(match.gateways) ? strings(match.gateways).map(gatewayRef) : null,
        };
      }),
      route: list(route.route).map((d) => destinationOf(d, namespace)),
    };
  });
}
