/**
 * The manifests of a case as the tasks build them (`kubectl apply` of several files into an
 * injected namespace) and what the harness reads back from them: DestinationRule subsets and
 * which VirtualService claims a host.
 */
import { loadAll } from "js-yaml";

export type ManifestFile = { name: string; text: string };
/**
 * The samples carry no namespace: the tasks run them in `default` after
 * `kubectl label namespace default istio-injection=enabled`, which is what puts a sidecar in
 * every pod. Without this object no pod would be in the mesh and no VirtualService would apply.
 */
export const INJECTED_DEFAULT_NAMESPACE: ManifestFile = {
  name: "namespace-default.yaml",
  text: [
    "apiVersion: v1",
    "kind: Namespace",
    "metadata:",
    "  name: default",
    "  labels:",
    "    istio-injection: enabled",
    "",
  ].join("\n"),
};

type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown>;
};

interface Doc {
  text: string;
  object: K8sObject | null;
}

function documentsOf(text: string): Doc[] {
  return text
    .split(/^---[^\n]*$/m)
    .map((chunk) => ({ text: chunk, object: (loadAll(chunk)[0] ?? null) as K8sObject | null }))
    .filter((d) => d.object !== null);
}

function identity(o: K8sObject): string {
  const group = (o.apiVersion ?? "").split("/").slice(0, -1).join("/");
  return `${group}/${o.kind}/${o.metadata?.namespace ?? "default"}/${o.metadata?.name}`;
}

/**
 * `kubectl apply -f a.yaml -f b.yaml ...`: a later file's object replaces an earlier one of the
 * same kind and name (the tasks apply virtual-service-reviews-test-v2.yaml over the `reviews`
 * VirtualService of virtual-service-all-v1.yaml). Done here, as the tasks do it, rather than
 * handing the engine two definitions of one object: it would keep the last too, but with a
 * duplicate-object warning that the real sequence of applies never gives. Files left untouched
 * keep their text (and line numbers) as published.
 */
export function applyInOrder(files: ManifestFile[]): ManifestFile[] {
  const docs = files.map((f) => documentsOf(f.text));
  const lastFile = new Map<string, number>();
  docs.forEach((fileDocs, i) => {
    for (const d of fileDocs) if (d.object) lastFile.set(identity(d.object), i);
  });
  return files
    .map((file, i) => {
      const fileDocs = docs[i] ?? [];
      const kept = fileDocs.filter((d) => d.object && lastFile.get(identity(d.object)) === i);
      if (kept.length === fileDocs.length) return file;
      return { name: file.name, text: kept.map((d) => d.text.trim()).join("\n---\n") };
    })
    .filter((f) => f.text.trim() !== "");
}

/** Every object of the given kind across the files, as plain data. */
export function objectsOfKind(files: ManifestFile[], kind: string): K8sObject[] {
  return files.flatMap((f) =>
    documentsOf(f.text).flatMap((d) => (d.object?.kind === kind ? [d.object] : [])),
  );
}

/** Short host names (no dots) and their FQDN in namespace default name the same Service. */
function sameHost(host: unknown, service: string): boolean {
  return host === service || (typeof host === "string" && host.startsWith(`${service}.default.`));
}

/** The pod labels a DestinationRule subset selects, read from the applied files. */
export function findSubsetLabels(
  files: ManifestFile[],
  service: string,
  subset: string,
): Record<string, string> | undefined {
  for (const dr of objectsOfKind(files, "DestinationRule")) {
    if (!sameHost(dr.spec?.host, service)) continue;
    const subsets = (dr.spec?.subsets ?? []) as { name?: string; labels?: Record<string, string> }[];
    const found = subsets.find((s) => s.name === subset);
    if (found) return found.labels ?? {};
  }
  return undefined;
}

/** As `findSubsetLabels`, for a subset the case's data say exists. */
export function subsetLabels(files: ManifestFile[], service: string, subset: string): Record<string, string> {
  const labels = findSubsetLabels(files, service, subset);
  if (!labels) throw new Error(`no DestinationRule in these files defines subset ${subset} of ${service}`);
  return labels;
}

/** The VirtualService that claims `service` for sidecars (no `gateways`, or `mesh` among them). */
export function meshVirtualService(files: ManifestFile[], service: string): string | undefined {
  return objectsOfKind(files, "VirtualService").find((vs) => {
    const gateways = (vs.spec?.gateways ?? ["mesh"]) as string[];
    const hosts = (vs.spec?.hosts ?? []) as string[];
    return gateways.includes("mesh") && hosts.some((h) => sameHost(h, service));
  })?.metadata?.name;
}

/** The VirtualService bound to a Gateway (it lists `gateways` without `mesh`). */
export function gatewayVirtualService(files: ManifestFile[]): string | undefined {
  return objectsOfKind(files, "VirtualService").find((vs) => {
    const gateways = (vs.spec?.gateways ?? ["mesh"]) as string[];
    return gateways.some((g) => g !== "mesh");
  })?.metadata?.name;
}
