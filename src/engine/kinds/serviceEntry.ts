import type { ManifestObject } from "../parse/parseManifests";
import { integer, list, record, text } from "./read";

export interface ServiceEntryDecl {
  object: ManifestObject;
  /** As written, lower-cased: names outside the cluster, `*.x` allowed. */
  hosts: string[];
  addresses: string[];
  ports: { number: number; name: string | null; protocol: string }[];
  location: "MESH_EXTERNAL" | "MESH_INTERNAL";
  resolution: string;
  createdAt: string | null;
}

/** A ServiceEntry adds hosts to the mesh's registry (semantics 4.7). */
export function readServiceEntry(object: ManifestObject): ServiceEntryDecl {
  const spec = record(object.body.spec);
  return {
    object,
    hosts: list(spec.hosts).flatMap((h) => (typeof h === "string" ? [h.toLowerCase()] : [])),
    addresses: list(spec.addresses).flatMap((a) => (typeof a === "string" ? [a] : [])),
    ports: list(spec.ports).flatMap((p) => {
      const port = record(p);
      const number = integer(port.number);
      return number === null
        ? []
        : [{ number, name: text(port.name), protocol: (text(port.protocol) ?? "TCP").toUpperCase() }];
    }),
    location: spec.location === "MESH_INTERNAL" ? "MESH_INTERNAL" : "MESH_EXTERNAL",
    resolution: text(spec.resolution) ?? "NONE",
    createdAt: text(record(object.body.metadata).creationTimestamp),
  };
}
