import type { ManifestObject } from "../parse/parseManifests";
import { list, record, text } from "./read";

export interface NodeDecl {
  object: ManifestObject;
  internalIP: string | null;
  externalIP: string | null;
  podCIDR: string | null;
  labels: Record<string, string>;
}

export function readNode(object: ManifestObject): NodeDecl {
  const addresses = list(record(object.body.status).addresses).map(record);
  const address = (type: string) => text(addresses.find((a) => a.type === type)?.address);
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(record(object.body.metadata).labels)))
    if (typeof v === "string") labels[k] = v;
  return {
    object,
    internalIP: address("InternalIP"),
    externalIP: address("ExternalIP"),
    podCIDR: text(record(object.body.spec).podCIDR),
    labels,
  };
}
