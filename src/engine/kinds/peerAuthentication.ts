import type { ManifestObject } from "../parse/parseManifests";
import { record, stringMap, text } from "./read";

export type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE" | "UNSET";
const MODES: readonly MtlsMode[] = ["STRICT", "PERMISSIVE", "DISABLE", "UNSET"];

export interface PeerAuthenticationDecl {
  object: ManifestObject;
  /** null: namespace-wide (or mesh-wide in the root namespace). */
  selector: Record<string, string> | null;
  mode: MtlsMode;
  /** Per container (target) port. */
  portLevel: Record<number, MtlsMode>;
  createdAt: string | null;
}

function modeOf(value: unknown): MtlsMode {
  return MODES.find((m) => m === record(value).mode) ?? "UNSET";
}

export function readPeerAuthentication(object: ManifestObject): PeerAuthenticationDecl {
  const spec = record(object.body.spec);
  const labels = stringMap(record(spec.selector).matchLabels);
  const portLevel: Record<number, MtlsMode> = {};
  for (const [port, value] of Object.entries(record(spec.portLevelMtls)))
    portLevel[Number(port)] = modeOf(value);
  return {
    object,
    selector: Object.keys(labels).length > 0 ? labels : null,
    mode: modeOf(spec.mtls),
    portLevel,
    createdAt: text(record(object.body.metadata).creationTimestamp),
  };
}
