import {
  CORE_SCHEMA,
  constructFromEvents,
  EVENT_ID,
  type Event,
  mergeTag,
  parseEvents,
  YAMLException,
} from "js-yaml";
import {
  DIAGNOSTICS,
  type Diagnostic,
  type DiagnosticCode,
  formatFieldPath,
  type ObjectRef,
} from "../diagnostics";
import { type AliasProblem, checkAliases } from "./checkAliases";
import {
  eventOffset,
  type FieldPath,
  findChild,
  lineColumnAt,
  lineStartsOf,
  locatePath,
  skipNode,
} from "./positions";

export interface ManifestFile {
  name: string;
  text: string;
}

/** Where something is in the user's text: file, 1-based document number, line and column. */
export interface SourceRef {
  file: string;
  doc: number;
  line: number;
  column: number;
}

/** One Kubernetes object as written, with the place it came from. Defaults are filled later, by kind. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** `default` when omitted; empty for cluster-scoped kinds. */
  namespace: string;
  body: Record<string, unknown>;
  source: SourceRef;
  /** The object's mapping in its file's event stream: lets fields be located lazily. */
  anchor: { file: number; event: number };
}

export interface ParsedFile {
  name: string;
  text: string;
  events: Event[];
  lineStarts: number[];
}

export interface Manifest {
  files: ParsedFile[];
  objects: ManifestObject[];
  diagnostics: Diagnostic[];
}

/** Limits that keep hostile input (huge text, alias bombs, deep nesting) answered quickly. */
export const INPUT_LIMITS = {
  maxBytes: 12 * 1024 * 1024,
  /** Nesting of mappings and sequences, also once aliases are expanded. */
  maxDepth: 100,
  /** Values that aliases (and `<<` merges of them) may add to a file. */
  maxExpandedNodes: 4_000_000,
} as const;

/** YAML 1.2 core schema plus `<<` merge keys, which kubectl (go-yaml) applies too. */
const MANIFEST_SCHEMA = CORE_SCHEMA.withTags(mergeTag);

const CLUSTER_SCOPED = new Set([
  "Namespace",
  "Node",
  "IngressClass",
  "GatewayClass",
  "ClusterRole",
  "ClusterRoleBinding",
  "PersistentVolume",
  "StorageClass",
  "CustomResourceDefinition",
  "PriorityClass",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "APIService",
  "RuntimeClass",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function makeDiagnostic(
  code: DiagnosticCode,
  message: string,
  at: { file: string; line: number; column: number },
  object?: ObjectRef,
  field?: FieldPath,
): Diagnostic {
  const { severity, hint } = DIAGNOSTICS[code];
  return {
    code,
    severity,
    message,
    hint,
    file: at.file,
    line: at.line,
    column: at.column,
    ...(object ? { object } : {}),
    ...(field && field.length > 0 ? { field: formatFieldPath(field) } : {}),
  };
}

/** Where a field of an object is written. Falls back to the nearest enclosing field that exists. */
export function locateField(
  manifest: Pick<Manifest, "files">,
  object: ManifestObject,
  path: FieldPath,
): SourceRef {
  const file = manifest.files[object.anchor.file];
  if (!file || path.length === 0) return object.source;
  const offset = locatePath(file.text, file.events, object.anchor.event, path);
  if (offset < 0) return object.source;
  return { file: file.name, doc: object.source.doc, ...lineColumnAt(file.lineStarts, offset) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Event index where each document's content starts (-1 for an empty document). */
function documentStarts(events: readonly Event[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i < events.length; i++) {
    if (events[i]?.type !== EVENT_ID.DOCUMENT) continue;
    const next = events[i + 1]?.type;
    starts.push(next === undefined || next === EVENT_ID.POP ? -1 : i + 1);
  }
  return starts;
}

function readObject(
  body: Record<string, unknown>,
  source: SourceRef,
  anchor: ManifestObject["anchor"],
  diagnostics: Diagnostic[],
): ManifestObject | null {
  const kind = body.kind;
  const apiVersion = body.apiVersion;
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  if (typeof kind !== "string" || kind === "" || typeof apiVersion !== "string") {
    diagnostics.push(
      makeDiagnostic(
        "missing-kind",
        "This document has no `apiVersion` and `kind`, so it is not a Kubernetes object.",
        source,
      ),
    );
    return null;
  }
  const name = metadata.name;
  if (typeof name !== "string" || name === "") {
    const generate = typeof metadata.generateName === "string" ? metadata.generateName : null;
    if (!generate) {
      diagnostics.push(makeDiagnostic("missing-name", `This ${kind} has no metadata.name.`, source));
      return null;
    }
  }
  const objectName = typeof name === "string" && name !== "" ? name : `${metadata.generateName as string}x`;
  const clusterScoped = isClusterScoped(kind);
  const namespace = clusterScoped
    ? ""
    : typeof metadata.namespace === "string" && metadata.namespace !== ""
      ? metadata.namespace
      : "default";
  return { apiVersion, kind, name: objectName, namespace, body, source, anchor };
}

/** What an alias that must not be expanded looks like to the user: its anchor, line and column. */
function aliasDiagnostic(
  problem: AliasProblem,
  at: { file: string; line: number; column: number },
): Diagnostic {
  const where = `line ${at.line}, column ${at.column}`;
  switch (problem.kind) {
    case "recursive":
      // go-yaml, and so kubectl, rejects this too: "anchor 'a' value contains itself".
      return makeDiagnostic(
        "yaml-syntax",
        `YAML error at ${where}: the alias *${problem.anchor} is inside its own anchor, so the value would contain itself.`,
        at,
      );
    case "too-many-values":
      return makeDiagnostic(
        "alias-bomb",
        `The alias *${problem.anchor} at ${where} makes ${at.file} expand to more than ${INPUT_LIMITS.maxExpandedNodes.toLocaleString("en")} values.`,
        at,
      );
    case "too-deep":
      return makeDiagnostic(
        "alias-bomb",
        `The alias *${problem.anchor} at ${where} nests values more than ${INPUT_LIMITS.maxDepth} levels deep once expanded.`,
        at,
      );
  }
}

function parseFile(
  file: ManifestFile,
  files: ParsedFile[],
  objects: ManifestObject[],
  diagnostics: Diagnostic[],
): void {
  const at1 = { file: file.name, line: 1, column: 1 };
  if (file.text.length > INPUT_LIMITS.maxBytes) {
    const mb = (file.text.length / 1024 / 1024).toFixed(1);
    diagnostics.push(makeDiagnostic("input-too-large", `${file.name} is ${mb} MB; the limit is 12 MB.`, at1));
    return;
  }
  const lineStarts = lineStartsOf(file.text);
  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(file.text, { filename: file.name, maxDepth: INPUT_LIMITS.maxDepth });
    const aliasProblem = checkAliases(file.text, events, INPUT_LIMITS);
    if (aliasProblem) {
      const at = { file: file.name, ...lineColumnAt(lineStarts, aliasProblem.offset) };
      diagnostics.push(aliasDiagnostic(aliasProblem, at));
      return;
    }
    documents = constructFromEvents(events, {
      source: file.text,
      filename: file.name,
      schema: MANIFEST_SCHEMA,
      maxTotalMergeKeys: INPUT_LIMITS.maxExpandedNodes,
    });
  } catch (error) {
    const mark = error instanceof YAMLException ? error.mark : undefined;
    const reason = error instanceof YAMLException ? error.reason : String(error);
    const at = mark ? { file: file.name, line: mark.line + 1, column: mark.column + 1 } : at1;
    diagnostics.push(
      makeDiagnostic("yaml-syntax", `YAML error at line ${at.line}, column ${at.column}: ${reason}`, at),
    );
    return;
  }
  const parsed: ParsedFile = { name: file.name, text: file.text, events, lineStarts };
  files.push(parsed);
  const fileSlot = files.length - 1;
  const starts = documentStarts(events);
  documents.forEach((doc, d) => {
    const startEvent = starts[d] ?? -1;
    if (doc === null || doc === undefined || startEvent < 0) return;
    const position = lineColumnAt(parsed.lineStarts, Math.max(0, eventOffset(events[startEvent])));
    const source: SourceRef = { file: file.name, doc: d + 1, ...position };
    if (!isRecord(doc)) {
      diagnostics.push(makeDiagnostic("not-an-object", `Document ${d + 1} is not a mapping.`, source));
      return;
    }
    // `kubectl get -o yaml` prints `kind: List` (or `ServiceList`, ...) with the objects under items.
    if (typeof doc.kind === "string" && doc.kind.endsWith("List") && Array.isArray(doc.items)) {
      const itemsEvent = findChild(file.text, events, startEvent, "items")?.value ?? startEvent;
      let itemEvent = itemsEvent + 1;
      doc.items.forEach((item, i) => {
        const thisItem = itemEvent;
        itemEvent = skipNode(events, itemEvent);
        const itemPos = lineColumnAt(parsed.lineStarts, Math.max(0, eventOffset(events[thisItem])));
        const itemSource: SourceRef = { file: file.name, doc: d + 1, ...itemPos };
        if (!isRecord(item)) {
          diagnostics.push(
            makeDiagnostic("not-an-object", `Item ${i} of the List is not a mapping.`, itemSource),
          );
          return;
        }
        const object = readObject(item, itemSource, { file: fileSlot, event: thisItem }, diagnostics);
        if (object) objects.push(object);
      });
      return;
    }
    const object = readObject(doc, source, { file: fileSlot, event: startEvent }, diagnostics);
    if (object) objects.push(object);
  });
}

/**
 * Multi-document YAML or JSON, any number of files, applied together like one `kubectl apply`.
 * Never throws: bad input becomes diagnostics with a line and column.
 */
export function parseManifests(input: readonly ManifestFile[]): Manifest {
  const files: ParsedFile[] = [];
  const objects: ManifestObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of input) parseFile(file, files, objects, diagnostics);
  return { files, objects: dedupe(objects, diagnostics), diagnostics };
}

/** The last definition of kind/namespace/name wins, as `kubectl apply` would leave it. */
function objectId(object: ManifestObject): string {
  return `${object.kind}/${object.namespace}/${object.name}`;
}

/**
 * The manifest with files the simulation assumes added after the user's, without parsing the
 * user's files again. An object the user's files already define stays theirs.
 */
export function withAssumedFiles(manifest: Manifest, assumed: readonly ManifestFile[]): Manifest {
  if (assumed.length === 0) return manifest;
  const extra = parseManifests(assumed);
  const taken = new Set(manifest.objects.map(objectId));
  const offset = manifest.files.length;
  return {
    files: [...manifest.files, ...extra.files],
    objects: [
      ...manifest.objects,
      ...extra.objects
        .filter((o) => !taken.has(objectId(o)))
        .map((o) => ({ ...o, anchor: { ...o.anchor, file: o.anchor.file + offset } })),
    ],
    diagnostics: [...manifest.diagnostics, ...extra.diagnostics],
  };
}

function dedupe(objects: ManifestObject[], diagnostics: Diagnostic[]): ManifestObject[] {
  const byKey = new Map<string, number>();
  const kept: (ManifestObject | null)[] = [];
  for (const object of objects) {
    const key = objectId(object);
    const earlier = byKey.get(key);
    if (earlier !== undefined) {
      const previous = kept[earlier];
      kept[earlier] = null;
      if (previous) {
        diagnostics.push(
          makeDiagnostic(
            "duplicate-object",
            `${object.kind} ${object.namespace ? `${object.namespace}/` : ""}${object.name} is defined again at line ${object.source.line}.`,
            previous.source,
            { kind: object.kind, namespace: object.namespace, name: object.name },
          ),
        );
      }
    }
    byKey.set(key, kept.length);
    kept.push(object);
  }
  return kept.filter((o): o is ManifestObject => o !== null);
}
