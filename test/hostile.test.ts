import { describe, expect, it } from "vitest";
import type { Analysis } from "../src/engine/model";
import { lineStartsOf } from "../src/engine/parse/positions";
import { RequestError } from "../src/engine/route/request";
import { routeRequest } from "../src/engine/trace";
import type { RequestSpec } from "../src/engine/traceTypes";
import { analyzeYaml } from "./helpers";
import { HOSTILE_CASES } from "./hostileInputs";

/**
 * A hang fails the test instead of blocking the run. How fast each case is answered is measured
 * by `npm run bench`, not asserted here: timings on shared machines are noise.
 */
const HANG_MS = 10_000;

/** A Trace, or the one error routeRequest is documented to throw (a request that cannot be formed). */
function routeOrRequestError(analysis: Analysis, spec: RequestSpec): string {
  try {
    return routeRequest(analysis, spec).outcome.reason;
  } catch (error) {
    if (error instanceof RequestError) return "request-error";
    throw error;
  }
}

describe("analyze() on hostile input", () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))(
    "answers %s with objects or a located diagnostic",
    (_name, hostile) => {
      const text = hostile.text();
      const analysis = analyzeYaml(text);
      const errors = analysis.diagnostics.filter((d) => d.severity === "error");
      if ("objects" in hostile.expect) {
        expect(errors).toEqual([]);
        expect(analysis.manifest.objects).toHaveLength(hostile.expect.objects);
      } else {
        const { error, line, column } = hostile.expect;
        expect(errors[0]).toMatchObject({
          code: error,
          ...(line !== undefined ? { line } : {}),
          ...(column !== undefined ? { column } : {}),
        });
      }
      const lines = lineStartsOf(text).length;
      const unplaced = analysis.diagnostics.filter(
        (d) => d.file !== "test.yaml" || !(d.line >= 1 && d.line <= lines && d.column >= 1),
      );
      expect(unplaced).toEqual([]);
      // Plain data all the way down: nothing cyclic or too deep to serialise.
      expect(() =>
        JSON.stringify([
          analysis.cluster,
          analysis.diagnostics,
          analysis.manifest.objects.map((o) => o.body),
        ]),
      ).not.toThrow();
      // Whatever was made of it can be traced through.
      const pod = analysis.cluster.pods[0];
      const requests: RequestSpec[] = [
        { url: "http://10.0.0.11:30080/" },
        { url: "http://198.51.100.10/" },
        ...(pod ? [{ url: "http://svc-000000.default/", from: `${pod.namespace}/${pod.name}` }] : []),
      ];
      for (const spec of requests) expect(routeOrRequestError(analysis, spec)).toEqual(expect.any(String));
    },
    HANG_MS,
  );

  it("applies << merge keys the way kubectl does", () => {
    const yaml = HOSTILE_CASES.find((c) => c.name === "<< merge keys")?.text() ?? "";
    const { manifest } = analyzeYaml(yaml);
    expect(manifest.objects[0]?.body.spec).toMatchObject({ selector: { app: "web", tier: "front" } });
  });
});

describe("routeRequest on hostile requests", () => {
  const analysis = analyzeYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`);
  const from = "default/web";

  it.each<[string, RequestSpec, string]>([
    ["an empty URL", { url: "" }, "request-error"],
    ["an unclosed IPv6 literal", { url: "http://[::1" }, "request-error"],
    ["a scheme other than http(s)", { url: "ftp://web/" }, "request-error"],
    ["a port above 65535", { url: "http://web:99999/", from }, "request-error"],
    ["a NUL in the host", { url: "http://we\u0000b/", from }, "request-error"],
    ["spaces instead of a URL", { url: "not a url", from }, "request-error"],
    ["a host with a character no DNS name has", { url: "http://we$b/", from }, "request-error"],
    ["an unknown source pod", { url: "http://web/", from: "nowhere/nothing" }, "request-error"],
    ["a 100,000-character host", { url: `http://${"a".repeat(100_000)}/`, from }, "nxdomain"],
    ["a 100,000-character path", { url: `http://web/${"p".repeat(100_000)}`, from }, "delivered"],
    ["a non-ASCII host", { url: "http://wéb.default/", from }, "nxdomain"],
    ["a 100,000-character method", { url: "http://web/", method: "X".repeat(100_000), from }, "delivered"],
  ])("answers %s", (_name, spec, reason) => {
    expect(routeOrRequestError(analysis, spec)).toBe(reason);
  });

  it("says in one line why a request cannot be formed", () => {
    expect(() => routeRequest(analysis, { url: "http://[::1" })).toThrow(/^[^\n]+$/);
  });
});
