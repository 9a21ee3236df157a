/**
 * Ingress conformance: every scenario of ingress-controller-conformance's features, every case of
 * the Ingress page's tables and examples, and the ingress-nginx behaviours, each checked through
 * `analyze` + `routeRequest` / `sendTraffic` only. The data live beside the repository (see
 * ../shared/conformance/README.md); case names say which file, scenario and row they come from.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadAll } from "js-yaml";
import { validate as validateSecret } from "kubernetes-models/_schemas/IoK8sApiCoreV1Secret";
import { validate as validateIngress } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1Ingress";
import { validate as validateIngressClass } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1IngressClass";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import { featureCases } from "./ingressFeatureSteps";
import type { IngressCase } from "./ingressHarness";
import { nginxCases } from "./ingressNginxCases";
import { websiteCases } from "./ingressWebsiteCases";

const CONFORMANCE = resolve(import.meta.dirname, "../../shared/conformance");
const present = existsSync(CONFORMANCE);
if (!present && process.env.CI) throw new Error(`conformance data missing at ${CONFORMANCE}`);

const FEATURES = join(CONFORMANCE, "ingress-controller-conformance/features");
const SOURCES: [string, () => IngressCase[]][] = [
  [
    "ingress-controller-conformance",
    () =>
      readdirSync(FEATURES)
        .filter((f) => f.endsWith(".feature"))
        .sort()
        .flatMap((f) => featureCases(f, readFileSync(join(FEATURES, f), "utf8"))),
  ],
  ["k8s-website-examples ingress-matching", () => websiteCases(join(CONFORMANCE, "k8s-website-examples"))],
  ["ingress-nginx-docs behaviour", () => nginxCases(join(CONFORMANCE, "ingress-nginx-docs"))],
];
const sources = SOURCES.map(([name, cases]) => [name, present ? cases() : []] as const);

/** The engine validates only the kinds it simulates; these are validated here until it does. */
const SCHEMAS: Record<string, (data: unknown) => boolean> = {
  "networking.k8s.io/v1/Ingress": validateIngress,
  "networking.k8s.io/v1/IngressClass": validateIngressClass,
  "v1/Secret": validateSecret,
};

describe.skipIf(!present)("ingress conformance manifests are valid", () => {
  describe.each(sources)("%s", (_source, cases) => {
    it.each(cases.map((c) => [c.name, c]))("%s", (_name, c) => {
      const { diagnostics } = analyze(c.files);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const objects = c.files.flatMap((f) => loadAll(f.text) as { apiVersion?: string; kind?: string }[]);
      const invalid = objects.filter((o) => !(SCHEMAS[`${o?.apiVersion}/${o?.kind}`]?.(o) ?? true));
      expect(invalid).toEqual([]);
    });
  });
});

// No scenario is skipped: each applies to a simulator. Steps with nothing to observe (HTTP
// versions, response headers, certificate checks) are marked `unobservable`, with the reason, in
// ingressFeatureSteps.ts, and the rest of their scenario still runs.
describe.skipIf(!present)("ingress conformance routing", () => {
  describe.each(sources)("%s", (_source, cases) => {
    it.each(cases.map((c) => [c.name, c]))("%s", (_name, c) => c.run(analyze(c.files)));
  });
});
