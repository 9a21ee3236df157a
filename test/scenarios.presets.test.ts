import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import { routeRequest } from "../src/engine/trace";
import { SCENARIOS } from "../src/scenarios/scenarios";

// The presets are what a newcomer presses first: each must form a request, and a preset whose
// label promises a failure must fail (and the others must be delivered or redirected).
const cases = SCENARIOS.flatMap((scenario) =>
  scenario.presets.map((preset) => ({
    scenario: scenario.id,
    ...preset,
    yaml: scenario.yaml,
    file: scenario.fileName,
  })),
);

describe("scenario presets", () => {
  it.each(cases)("$scenario: $label", ({ yaml, file, label, from, url, method, headers }) => {
    const analysis = analyze([{ name: file, text: yaml }]);
    expect(analysis.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const trace = routeRequest(analysis, {
      from,
      url,
      ...(method ? { method } : {}),
      ...(headers ? { headers } : {}),
    });
    const failureExpected = /fails|404|308/.test(label);
    if (failureExpected) expect(trace.outcome.delivered).toBe(false);
    else expect(trace.outcome.delivered, JSON.stringify(trace.outcome)).toBe(true);
  });
});
