import { analyze } from "../src/engine/analyze";
import type { ClusterSettings } from "../src/engine/model";

/** Analyses inline YAML the way the CLI and the UI do, as one file named `test.yaml`. */
export function analyzeYaml(text: string, settings: Partial<ClusterSettings> = {}) {
  return analyze([{ name: "test.yaml", text }], settings);
}
