/**
 * Istio conformance: every case of the Bookinfo task expectations and the Online Boutique mesh
 * cases, each checked through `analyze` + `routeRequest` / `sendTraffic` only. The data live
 * beside the repository (see ../shared/conformance/README.md); case names say which scenario and
 * case they come from.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import { bookinfoCases } from "./bookinfoCases";
import { boutiqueMeshCases } from "./boutiqueMeshCases";
import type { MeshCase } from "./istioHarness";

const CONFORMANCE = resolve(import.meta.dirname, "../../shared/conformance");
const present = existsSync(CONFORMANCE);
if (!present && process.env.CI) throw new Error(`conformance data missing at ${CONFORMANCE}`);

const SOURCES: [string, () => MeshCase[]][] = [
  ["istio-bookinfo bookinfo-tasks", () => bookinfoCases(join(CONFORMANCE, "istio-bookinfo"))],
  ["microservices-demo online-boutique", () => boutiqueMeshCases(join(CONFORMANCE, "microservices-demo"))],
];
const sources = SOURCES.map(([name, cases]) => [name, present ? cases() : []] as const);

/**
 * Problems of the text and of the objects' shape. Reference checks are left out on purpose: a
 * scenario may break a reference to observe Envoy's answer (a subset no DestinationRule defines),
 * and `istioctl analyze` reports that one as an error too.
 */
const YAML_PROBLEMS = new Set([
  "yaml-syntax",
  "input-too-large",
  "alias-bomb",
  "not-an-object",
  "missing-kind",
  "missing-name",
  "schema",
  // The harness applies files like `kubectl apply`, so no object should reach the engine twice.
  "duplicate-object",
]);

describe.skipIf(!present)("istio conformance manifests are valid", () => {
  describe.each(sources)("%s", (_source, cases) => {
    const sets = [...new Map(cases.map((c) => [c.manifests, c.files])).entries()];
    it.each(sets)("%s", (_manifests, files) => {
      const { diagnostics } = analyze(files);
      const problems = diagnostics.filter((d) => d.severity === "error" || d.code === "duplicate-object");
      expect(problems.filter((d) => YAML_PROBLEMS.has(d.code))).toEqual([]);
    });
  });
});

describe.skipIf(!present)("istio conformance routing", () => {
  describe.each(sources)("%s", (_source, cases) => {
    const runnable = cases.filter((c) => !c.skip);
    const skipped = cases.filter((c) => c.skip);
    it.each(runnable.map((c) => [c.name, c]))("%s", (_name, c) => c.run(analyze(c.files)));
    // Listed, so that the report shows what is not checked and why.
    if (skipped.length > 0) it.skip.each(skipped.map((c) => [`${c.name} (${c.skip})`]))("%s", () => {});
  });
});
