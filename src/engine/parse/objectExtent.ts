import type { ObjectRef } from "../diagnostics";
import type { Manifest } from "./parseManifests";

export interface ObjectExtent {
  file: string;
  /** First and last line of the object's YAML, 1-based and inclusive. */
  from: number;
  to: number;
}

/**
 * The lines an object was written on: from its first line to the line before the next object in
 * the same file (or the end), without the blank lines, comments and `---` that lead to the next document.
 */
export function objectExtent(manifest: Manifest, ref: ObjectRef): ObjectExtent | null {
  const { objects } = manifest;
  const index = objects.findIndex(
    (o) => o.kind === ref.kind && o.namespace === ref.namespace && o.name === ref.name,
  );
  const object = objects[index];
  if (!object) return null;
  const file = manifest.files.find((f) => f.name === object.source.file);
  if (!file) return null;
  const lines = file.text.split("\n");
  const next = objects
    .slice(index + 1)
    .find((o) => o.source.file === object.source.file && o.source.line > object.source.line);
  let to = next ? next.source.line - 1 : lines.length;
  while (to > object.source.line && /^\s*(---.*|#.*)?$/.test(lines[to - 1] ?? "")) to--;
  return { file: file.name, from: object.source.line, to };
}
