/**
 * What Envoy does on an HTTP route besides picking a destination: timeouts and retries against the
 * app's response time, mirrors, and header operations.
 */
import { describe, expect, it } from "vitest";
import { formRequest, routeRequest } from "../src/engine/trace";
import { sendTraffic } from "../src/simulation/traffic";
import { analyzeYaml } from "./helpers";
import { shareTolerance } from "./istioHarness";
import { base, beforeEnvoy, DR, serviceHop, trace, vs, web } from "./meshFixtures";

const SLOW = base(web("v1", "3s"));

describe("Envoy: route timeout and retries against the app's response time", () => {
  it("adds the annotated response time to a delivered request's elapsed time", () => {
    const t = trace(SLOW);
    expect(t.outcome).toMatchObject({ reason: "delivered", status: 200 });
    expect(t.outcome.elapsedMs).toBeGreaterThanOrEqual(3000);
    expect(t.hops.at(-1)?.explanation).toContain(
      "It takes 3 s to answer (annotation hopscope.dev/response-time)",
    );
  });

  it.each([
    ["a timeout below the response time", "timeout: 0.5s", { reason: "upstream-timeout", status: 504 }, 500],
    ["a timeout above the response time", "timeout: 5s", { reason: "delivered", status: 200 }, null],
    ["timeout 0s (no timeout)", "timeout: 0s", { reason: "delivered", status: 200 }, null],
    [
      "perTryTimeout and Istio's default retryOn (which does not retry a timed-out try)",
      "retries: {attempts: 2, perTryTimeout: 1s}",
      { reason: "upstream-timeout", status: 504 },
      1000,
    ],
    [
      "perTryTimeout retried on gateway-error until no retry is left",
      "retries: {attempts: 2, perTryTimeout: 1s, retryOn: gateway-error}",
      { reason: "upstream-timeout", status: 504 },
      3000,
    ],
    [
      "perTryTimeout retried on reset",
      "retries: {attempts: 1, perTryTimeout: 1s, retryOn: reset}",
      { reason: "upstream-timeout", status: 504 },
      2000,
    ],
    [
      "per-try timeouts retried on 5xx, bounded by the route timeout",
      "timeout: 2.5s\n    retries: {attempts: 5, perTryTimeout: 1s, retryOn: 5xx}",
      { reason: "upstream-timeout", status: 504 },
      2500,
    ],
    [
      "a perTryTimeout longer than the response time",
      "retries: {attempts: 2, perTryTimeout: 4s, retryOn: 5xx}",
      { reason: "delivered", status: 200 },
      null,
    ],
  ])("%s", (_case, options, outcome, waitedMs) => {
    const t = trace(SLOW + vs(`  - route: [{destination: {host: web}}]\n    ${options}`));
    expect(t.outcome).toMatchObject(outcome);
    // Envoy answers after the time it waited: what came before it plus the timeouts.
    if (waitedMs !== null) expect(t.outcome.elapsedMs - beforeEnvoy(t)).toBeCloseTo(waitedMs + 0.02, 3);
  });

  it.each([
    [
      "the route timeout",
      "timeout: 0.5s",
      ["web-v1-", "takes 3 s to answer", "route timeout is 0.5 s", "504 (UT)"],
    ],
    [
      "a per-try timeout that retryOn does not cover",
      "retries: {attempts: 2, perTryTimeout: 1s}",
      ["retries.perTryTimeout 1 s", "does not retry a timed-out try", "504 (UT)"],
    ],
    [
      "per-try timeouts until no retry is left",
      "retries: {attempts: 2, perTryTimeout: 1s, retryOn: gateway-error}",
      ["3 tries run past retries.perTryTimeout 1 s", "no retry is left (attempts 2)", "504 (UT,URX)"],
    ],
  ])("names the route, the response time and the flag for %s", (_case, options, phrases) => {
    const explanation = serviceHop(
      trace(SLOW + vs(`  - route: [{destination: {host: web}}]\n    ${options}`)),
    )?.explanation;
    expect(explanation).toContain("VirtualService web route 1");
    for (const phrase of phrases) expect(explanation).toContain(phrase);
  });

  it("retries a timed-out try on another pod: with retryOn 5xx every request ends at the fast pod", () => {
    const yaml =
      base(web("v1", "3s") + web("v2")) +
      vs(
        "  - route: [{destination: {host: web}}]\n    retries: {attempts: 2, perTryTimeout: 1s, retryOn: 5xx}",
      );
    const run = sendTraffic(analyzeYaml(yaml), { url: "http://web/", from: "default/sleep" }, 200, 3);
    expect(run.outcomes).toEqual({ 200: 200 });
    expect(run.destinations.map((d) => d.labels.version)).toEqual(["v2"]);
  });

  it("without a retry on timeouts, the slow pod's share of requests gets 504", () => {
    const yaml =
      base(web("v1", "3s") + web("v2")) +
      vs("  - route: [{destination: {host: web}}]\n    retries: {attempts: 2, perTryTimeout: 1s}");
    const run = sendTraffic(analyzeYaml(yaml), { url: "http://web/", from: "default/sleep" }, 1000, 3);
    const timedOut = (run.outcomes["upstream-timeout"] ?? 0) / run.count;
    expect(Math.abs(timedOut - 0.5)).toBeLessThanOrEqual(shareTolerance(0.5, run.count));
    expect((run.outcomes["upstream-timeout"] ?? 0) + (run.outcomes[200] ?? 0)).toBe(run.count);
  });

  // Envoy's fault filter holds the request before the router starts the route timeout, and istiod
  // sets the timeout on a route with faults too (route.go), so the delay does not count.
  it("does not count an injected delay against the route timeout", () => {
    const t = trace(
      base(web("v1")) +
        vs(
          "  - fault: {delay: {fixedDelay: 2s, percentage: {value: 100}}}\n    timeout: 1s\n    route: [{destination: {host: web}}]",
        ),
    );
    expect(t.outcome).toMatchObject({ reason: "delivered" });
    expect(t.outcome.elapsedMs).toBeGreaterThanOrEqual(2000);
  });

  it.each([
    ["Istio's default policy", "", "after 3 tries", "503 (UF,URX)"],
    [
      "retryOn 5xx (includes connect failures)",
      "retries: {attempts: 1, retryOn: 5xx}",
      "after 2 tries",
      "503 (UF,URX)",
    ],
    [
      "retryOn without a connect condition",
      "retries: {attempts: 2, retryOn: retriable-4xx}",
      "does not retry a refused connection",
      "503 (UF)",
    ],
    // ConvertPolicy: no attempts means attempts 0, which turns retries off.
    ["retries without attempts", "retries: {perTryTimeout: 1s}", "refuses the connection", "503 (UF)"],
  ])("a port no pod listens on, with %s", (_case, options, tries, flags) => {
    const closed = base(web("v1"), "[{name: http, port: 80, targetPort: 9999}]");
    const t = trace(closed + vs(`  - route: [{destination: {host: web}}]\n    ${options}`));
    expect(t.outcome).toMatchObject({ reason: "retries-exhausted", status: 503 });
    expect(serviceHop(t)?.explanation).toContain(tries);
    expect(serviceHop(t)?.explanation).toContain(flags);
  });

  it.each([
    ["a Pod", "3s"],
    ["a Pod with a value that is no duration (ignored)", "3 seconds"],
  ])("reads the response time from %s", (_case, value) => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: solo, annotations: {hopscope.dev/response-time: "${value}"}}
spec: {containers: [{name: solo, image: solo}]}
`;
    const analysis = analyzeYaml(pod);
    expect(analysis.cluster.pods[0]?.responseTimeMs).toBe(value === "3s" ? 3000 : null);
  });
});

describe("Envoy: mirrors", () => {
  const SUBSETS = base(web("v1") + web("v2")) + DR;

  it.each([
    [
      "a mirror without mirrorPercentage (all requests)",
      "mirror: {host: web, subset: v2}",
      [
        "mirrors it (mirror)",
        "cluster outbound|80|v2|web.default.svc.cluster.local",
        "Host web-shadow",
        "fire-and-forget",
        "response Envoy drops",
      ],
    ],
    [
      "a mirror to another port of the Service",
      "mirror: {host: web, port: {number: 80}}",
      ["cluster outbound|80||web.default.svc.cluster.local"],
    ],
    [
      "a mirror to a subset no DestinationRule defines",
      "mirror: {host: web, subset: v9}",
      ["cluster outbound|80|v9|web.default.svc.cluster.local (no such cluster, so the copy goes nowhere)"],
    ],
  ])("%s", (_case, mirror, phrases) => {
    const t = trace(SUBSETS + vs(`  - route: [{destination: {host: web, subset: v1}}]\n    ${mirror}`));
    expect(t.destination?.labels.version).toBe("v1");
    for (const phrase of phrases) expect(serviceHop(t)?.explanation).toContain(phrase);
  });

  it("keeps the port in the shadow Host: web-shadow:80", () => {
    const t = trace(SUBSETS + vs("  - route: [{destination: {host: web}}]\n    mirror: {host: web}"), {
      host: "web:80",
    });
    expect(serviceHop(t)?.explanation).toContain("Host web-shadow:80");
  });

  it("mirrors nothing at mirrorPercentage 0", () => {
    const t = trace(
      SUBSETS +
        vs(
          "  - route: [{destination: {host: web}}]\n    mirror: {host: web}\n    mirrorPercentage: {value: 0}",
        ),
    );
    expect(serviceHop(t)?.explanation).not.toContain("mirror");
  });

  it("copies about mirrorPercentage of the requests, and says which", () => {
    const yaml =
      SUBSETS +
      vs(
        "  - route: [{destination: {host: web}}]\n    mirror: {host: web, subset: v2}\n    mirrorPercentage: {value: 25}",
      );
    const analysis = analyzeYaml(yaml);
    const n = 400;
    let copied = 0;
    for (let seed = 1; seed <= n; seed++) {
      const text = serviceHop(
        routeRequest(analysis, { url: "http://web/", from: "default/sleep" }, { seed }),
      )?.explanation;
      expect(text).toMatch(/25% of requests; this one is (copied|not copied)/);
      if (text?.includes("this one is copied")) copied++;
    }
    expect(Math.abs(copied / n - 0.25)).toBeLessThanOrEqual(shareTolerance(0.25, n));
  });

  it("draws no random number for requests on routes without a mirror", () => {
    const split =
      "  - route:\n    - {destination: {host: web, subset: v1}, weight: 50}\n    - {destination: {host: web, subset: v2}, weight: 50}";
    const mirrored =
      "  - match: [{headers: {x-mirror: {exact: yes}}}]\n    route: [{destination: {host: web}}]\n    mirror: {host: web}\n    mirrorPercentage: {value: 50}\n";
    const spec = { url: "http://web/", from: "default/sleep" };
    const without = sendTraffic(analyzeYaml(SUBSETS + vs(split)), spec, 300, 5);
    const withMirror = sendTraffic(analyzeYaml(SUBSETS + vs(mirrored + split)), spec, 300, 5);
    expect(withMirror.destinations).toEqual(without.destinations);
  });
});

describe("Envoy: header operations", () => {
  const ONE = base(web("v1") + web("v2")) + DR;
  const route = `    headers:
      request: {set: {x-a: route, x-both: route}, add: {x-b: added}, remove: [x-gone]}
      response: {add: {x-served-by: web}}
`;

  it.each([
    [
      "route headers",
      `  - route: [{destination: {host: web}}]\n${route}`,
      { "x-a": "route", "x-both": "route", "x-b": "sent,added", keep: "me" },
    ],
    [
      "one destination: its set comes after the route's and wins",
      `  - route: [{destination: {host: web}, headers: {request: {set: {x-both: destination}}}}]\n${route}`,
      { "x-a": "route", "x-both": "destination", "x-b": "sent,added", keep: "me" },
    ],
    [
      "weighted destinations: the route's set comes after the weighted cluster's and wins",
      `  - route:\n    - {destination: {host: web, subset: v1}, weight: 50, headers: {request: {set: {x-both: destination, x-d: v1}}}}\n    - {destination: {host: web, subset: v2}, weight: 50, headers: {request: {set: {x-both: destination, x-d: v2}}}}\n${route}`,
      { "x-a": "route", "x-both": "route", "x-b": "sent,added", keep: "me" },
    ],
  ])("applies %s to the headers the destination sees", (_case, http, expected) => {
    const t = trace(ONE + vs(http), { "x-b": "sent", "x-gone": "bye", keep: "me" });
    const { "x-d": d, ...rest } = t.destination?.headers ?? {};
    expect(rest).toEqual(expected);
    if (d) expect(d).toBe(t.destination?.labels.version);
  });

  it("names request and response operations in the Service hop", () => {
    const explanation = serviceHop(
      trace(ONE + vs(`  - route: [{destination: {host: web}}]\n${route}`)),
    )?.explanation;
    expect(explanation).toContain(
      "request headers (route): set x-a: route, set x-both: route, add x-b: added, remove x-gone",
    );
    expect(explanation).toContain("response headers (route): add x-served-by: web");
  });

  it("leaves the request as sent without operations, and never changes the request it was given", () => {
    expect(trace(ONE).destination?.headers).toBeUndefined();
    const headers = { "x-gone": "bye" };
    const send = formRequest(analyzeYaml(ONE + vs(`  - route: [{destination: {host: web}}]\n${route}`)), {
      url: "http://web/",
      from: "default/sleep",
      headers,
    });
    const first = send({ seed: 1 }).destination?.headers;
    const second = send({ seed: 1 }).destination?.headers;
    expect(second).toEqual(first);
    expect(first).not.toHaveProperty("x-gone");
    expect(headers).toEqual({ "x-gone": "bye" });
  });
});
