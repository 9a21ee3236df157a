/** Small readers for untyped YAML values. Schema errors are reported elsewhere; these only coerce. */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function integer(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = String(v);
  }
  return out;
}

/** A port that is a number or an IANA name (`targetPort: http`). */
export function intOrString(value: unknown): number | string | null {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && value !== "") return /^\d+$/.test(value) ? Number(value) : value;
  return null;
}

export function protocolOf(value: unknown): "TCP" | "UDP" | "SCTP" {
  return value === "UDP" || value === "SCTP" ? value : "TCP";
}
