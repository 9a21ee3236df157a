import { analyzeWith } from "./analyzeManifest";
import { KUBERNETES_SCHEMAS } from "./kinds/validateSchema";
import type { Analysis, ClusterSettings } from "./model";
import type { ManifestFile } from "./parse/parseManifests";

export { DEFAULT_SETTINGS, reconcileManifest } from "./analyzeManifest";

/**
 * YAML text -> typed objects -> reconciled cluster -> diagnostics, with the Kubernetes schema
 * check: the entry point of the CLI, the tests and the benchmarks. The page calls analyzeWith and
 * brings the schemas in once they have loaded.
 */
export function analyze(files: readonly ManifestFile[], settings: Partial<ClusterSettings> = {}): Analysis {
  return analyzeWith(KUBERNETES_SCHEMAS, files, settings);
}
