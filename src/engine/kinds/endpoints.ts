import type { ManifestObject } from "../parse/parseManifests";
import { integer, list, protocolOf, record, text } from "./read";

export interface ManualAddress {
  ip: string;
  ready: boolean;
  nodeName: string | null;
  hostname: string | null;
  targetPod: string | null;
}

export interface ManualPort {
  name: string | null;
  port: number;
  protocol: "TCP" | "UDP" | "SCTP";
}

/** A hand-written Endpoints or EndpointSlice, flattened to addresses x ports. */
export interface ManualEndpointsDecl {
  object: ManifestObject;
  /** The Service it belongs to: same name (Endpoints) or the `kubernetes.io/service-name` label. */
  serviceName: string | null;
  groups: { addresses: ManualAddress[]; ports: ManualPort[] }[];
}

function readPorts(value: unknown): ManualPort[] {
  return list(value).flatMap((p) => {
    const port = record(p);
    const number = integer(port.port);
    return number === null
      ? []
      : [{ name: text(port.name), port: number, protocol: protocolOf(port.protocol) }];
  });
}

function targetPod(ref: unknown): string | null {
  const target = record(ref);
  return target.kind === "Pod" ? text(target.name) : null;
}

export function readEndpoints(object: ManifestObject): ManualEndpointsDecl {
  const groups = list(object.body.subsets).map((s) => {
    const subset = record(s);
    const read = (value: unknown, ready: boolean): ManualAddress[] =>
      list(value).flatMap((a) => {
        const address = record(a);
        const ip = text(address.ip);
        return ip
          ? [
              {
                ip,
                ready,
                nodeName: text(address.nodeName),
                hostname: text(address.hostname),
                targetPod: targetPod(address.targetRef),
              },
            ]
          : [];
      });
    return {
      addresses: [...read(subset.addresses, true), ...read(subset.notReadyAddresses, false)],
      ports: readPorts(subset.ports),
    };
  });
  return { object, serviceName: object.name, groups };
}

export function readEndpointSlice(object: ManifestObject): ManualEndpointsDecl {
  const labels = record(record(object.body.metadata).labels);
  const addresses = list(object.body.endpoints).flatMap((e) => {
    const endpoint = record(e);
    const conditions = record(endpoint.conditions);
    // An unset `ready` condition means ready (discovery.k8s.io/v1 EndpointConditions).
    const ready = conditions.ready !== false;
    return list(endpoint.addresses)
      .filter((ip): ip is string => typeof ip === "string")
      .map((ip) => ({
        ip,
        ready,
        nodeName: text(endpoint.nodeName),
        hostname: text(endpoint.hostname),
        targetPod: targetPod(endpoint.targetRef),
      }));
  });
  return {
    object,
    serviceName: text(labels["kubernetes.io/service-name"]),
    groups: [{ addresses, ports: readPorts(object.body.ports) }],
  };
}
