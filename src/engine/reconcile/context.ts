import type { Diagnostic, DiagnosticCode } from "../diagnostics";
import { locateField, type Manifest, type ManifestObject, makeDiagnostic } from "../parse/parseManifests";
import type { FieldPath } from "../parse/positions";

/** What every reconcile stage gets: the manifest (to locate fields) and a place to report. */
export interface ReconcileContext {
  manifest: Manifest;
  diagnostics: Diagnostic[];
}

export function report(
  ctx: ReconcileContext,
  object: ManifestObject,
  code: DiagnosticCode,
  message: string,
  path: FieldPath = [],
): void {
  ctx.diagnostics.push(
    makeDiagnostic(
      code,
      message,
      locateField(ctx.manifest, object, path),
      { kind: object.kind, namespace: object.namespace, name: object.name },
      path,
    ),
  );
}
