import type { ManifestObject } from "../parse/parseManifests";
import { integer, isRecord, list, record, stringMap, text } from "./read";

export interface GatewayServer {
  index: number;
  port: number;
  /** `port.name`: part of the route name Envoy gets for a TLS server. */
  portName: string | null;
  protocol: string;
  /** `namespace/host` prefixes removed; `*` allowed. */
  hosts: string[];
  httpsRedirect: boolean;
  tlsMode: string | null;
  credentialName: string | null;
}

export interface GatewayDecl {
  object: ManifestObject;
  /** Pods (in any namespace) with these labels run this Gateway; empty selects every workload. */
  selector: Record<string, string>;
  servers: GatewayServer[];
}

export function readGateway(object: ManifestObject): GatewayDecl {
  const spec = record(object.body.spec);
  return {
    object,
    selector: stringMap(spec.selector),
    servers: list(spec.servers).map((s, index) => {
      const server = record(s);
      const port = record(server.port);
      const tls = isRecord(server.tls) ? server.tls : {};
      return {
        index,
        port: integer(port.number) ?? 80,
        portName: text(port.name),
        protocol: (text(port.protocol) ?? "HTTP").toUpperCase(),
        hosts: list(server.hosts).flatMap((h) =>
          typeof h === "string" ? [h.slice(h.indexOf("/") + 1).toLowerCase()] : [],
        ),
        httpsRedirect: tls.httpsRedirect === true,
        tlsMode: text(tls.mode),
        credentialName: text(tls.credentialName),
      };
    }),
  };
}
