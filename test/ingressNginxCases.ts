/**
 * Cases from ingress-nginx-docs/expectations/ingress-nginx-behaviour.yaml: canary decisions,
 * the controller's 404/503, rewrite-target, app-root, regex path priority and ssl-redirect.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { expect } from "vitest";
import {
  type BackendOptions,
  backendObjects,
  type IngressObject,
  ingress,
  type SimpleRule,
  tlsSecret,
  toYaml,
} from "./ingressBackends";
import {
  expectControllerAnswer,
  expectRedirect,
  expectServedBy,
  type IngressCase,
  type IngressRequest,
  sendThroughIngress,
  sharesByWorkload,
  trafficThroughIngress,
} from "./ingressHarness";

type Annotations = Record<string, string>;
type Role = "mainline" | "canary";
interface CanaryCase {
  name: string;
  annotations: Annotations;
  mainline?: "absent";
  request: { host: string; path: string; headers?: Record<string, string>; cookies?: Record<string, string> };
  expect: { status?: number; service?: Role; distribution?: Record<Role, number> };
}
interface PathSpec {
  path: string;
  type: string;
  service?: string;
}
interface Expectations {
  canary: { cases: CanaryCase[] };
  backendErrors: { name: string; request?: { host: string; path: string }; expect: { status: number } }[];
  rewrite: {
    ingress: { annotations: Annotations; host: string; path: string; pathType: string; backend: string };
    cases: { request: string; upstreamPath: string }[];
  };
  appRoot: {
    ingress: { annotations: Annotations; host: string; path: string; pathType: string };
    cases: { request: string; expect: { status: number; location: string } }[];
  };
  pathPriority: {
    ingresses: { name: string; host: string; annotations?: Annotations; paths: PathSpec[] }[];
    cases: { request: string; expect: { service: string } }[];
    warningCase: {
      ingress: { host: string; annotations: Annotations; paths: PathSpec[] };
      request: string;
      expect: { matchedLocation: string };
    };
  };
  sslRedirect: {
    cases: {
      ingressHasTlsForHost: boolean;
      annotations?: Annotations;
      request: { scheme: "http"; host?: string; path?: string };
      expect: { status?: number; location?: string; proxied?: boolean };
    }[];
  };
}

/** The Service behind each side of the common canary setup (header comment of the file). */
const CANARY_SERVICE: Record<Role, string> = { mainline: "httpbun", canary: "httpbun-canary" };
/** The Service the rewrite examples send to, reused wherever the file names no backend. */
const HTTP_SVC = "http-svc";
/** Requests per weighted canary run. */
const WEIGHT_RUN = 1000;

function manifest(ingresses: IngressObject[], options: BackendOptions = {}, extras: object[] = []) {
  return [
    {
      name: "ingress-nginx.yaml",
      text: toYaml([
        ...ingresses,
        ...extras,
        ...backendObjects(ingresses, { serviceType: "ClusterIP", ...options }),
      ]),
    },
  ];
}

/**
 * The seed fixes each run, but any correct weighted choice should pass, so the bound is four
 * standard deviations of a binomial share (about ±0.063 at 1,000 requests and p = 0.5): a fair
 * implementation misses it about once in 15,000 seeds, while a wrong rule (weight over 100 instead
 * of weight-total, or ignoring the weight) lands at 0 or 1, far outside.
 */
function shareTolerance(p: number, n: number): number {
  return 4 * Math.sqrt((p * (1 - p)) / n);
}

function canaryCase(c: CanaryCase): IngressCase {
  const { host, path } = c.request;
  const side = (role: Role, annotations?: Annotations) =>
    ingress(
      role,
      [{ host, paths: [{ path, service: CANARY_SERVICE[role] }] }],
      annotations ? { annotations } : {},
    );
  const ingresses = [...(c.mainline === "absent" ? [] : [side("mainline")]), side("canary", c.annotations)];
  return {
    name: `canary: ${c.name}`,
    files: manifest(ingresses),
    run: (analysis) => {
      const request: IngressRequest = c.request;
      if (c.expect.status === 404)
        return expectControllerAnswer(sendThroughIngress(analysis, request), 404, "not-found");
      if (c.expect.service)
        return expectServedBy(sendThroughIngress(analysis, request), CANARY_SERVICE[c.expect.service]);
      const traffic = trafficThroughIngress(analysis, request, WEIGHT_RUN);
      expect(traffic.outcomes).toEqual({ 200: WEIGHT_RUN });
      const shares = sharesByWorkload(traffic);
      for (const [role, p] of Object.entries(c.expect.distribution ?? {})) {
        const share = shares[CANARY_SERVICE[role as Role]] ?? 0;
        expect(Math.abs(share - p), `${role} share ${share}`).toBeLessThanOrEqual(
          shareTolerance(p, WEIGHT_RUN),
        );
      }
    },
  };
}

function backendErrorCases(data: Expectations["backendErrors"]): IngressCase[] {
  // One Ingress, one host per error: a backend that is not created, and one scaled to zero.
  const errors = ingress("backend-errors", [
    { host: "nonexistent.svc.com", paths: [{ path: "/", service: "nonexistent" }] },
    { host: "unavailable.svc.com", paths: [{ path: "/", service: "unavailable" }] },
  ]);
  const files = manifest([errors], { omit: ["nonexistent"], replicas: { unavailable: 0 } });
  return data.map((c) => ({
    name: `backend errors: ${c.name}`,
    files,
    run: (analysis) => {
      // The 404 case names no request: any host no rule claims.
      const trace = sendThroughIngress(analysis, c.request ?? { host: "unclaimed.example", path: "/" });
      expectControllerAnswer(trace, c.expect.status, c.expect.status === 503 ? "no-endpoints" : "not-found");
    },
  }));
}

function rewriteCases(data: Expectations["rewrite"]): IngressCase[] {
  const { annotations, host, path, pathType, backend } = data.ingress;
  const [service = "", port] = backend.split(":");
  const files = manifest([
    ingress("rewrite", [{ host, paths: [{ path, pathType, service, port: Number(port) }] }], { annotations }),
  ]);
  return data.cases.map((c) => ({
    name: `rewrite-target: ${c.request} → ${c.upstreamPath}`,
    files,
    run: (analysis) => {
      const trace = sendThroughIngress(analysis, { host, path: c.request });
      expectServedBy(trace, service);
      expect(trace.destination?.path).toBe(c.upstreamPath);
    },
  }));
}

function appRootCases(data: Expectations["appRoot"]): IngressCase[] {
  const { annotations, host, path, pathType } = data.ingress;
  const files = manifest([
    ingress("approot", [{ host, paths: [{ path, pathType, service: HTTP_SVC }] }], { annotations }),
  ]);
  return data.cases.map((c) => ({
    name: `app-root: ${c.request} → ${c.expect.status} ${c.expect.location}`,
    files,
    run: (analysis) =>
      expectRedirect(
        sendThroughIngress(analysis, { host, path: c.request }),
        c.expect.status,
        c.expect.location,
      ),
  }));
}

function pathPriorityCases(data: Expectations["pathPriority"]): IngressCase[] {
  const rule = (host: string, paths: PathSpec[], name: (p: PathSpec) => string): SimpleRule => ({
    host,
    paths: paths.map((p) => ({ path: p.path, pathType: p.type, service: name(p) })),
  });
  const ingresses = data.ingresses.map((i) =>
    ingress(
      i.name,
      [rule(i.host, i.paths, (p) => p.service ?? "")],
      i.annotations ? { annotations: i.annotations } : {},
    ),
  );
  const host = data.ingresses[0]?.host ?? "";
  const files = manifest(ingresses);
  const cases: IngressCase[] = data.cases.map((c) => ({
    name: `path priority with a regex Ingress on the host: ${c.request} → ${c.expect.service}`,
    files,
    run: (analysis) =>
      expectServedBy(sendThroughIngress(analysis, { host, path: c.request }), c.expect.service),
  }));
  // The warning example names no Services: each path gets one named after its kind of location.
  const w = data.warningCase;
  const serviceOf = (p: PathSpec) =>
    p.path === w.expect.matchedLocation.replace(/^\^/, "") ? "regex-location" : "literal-location";
  const warning = ingress("regex-first", [rule(w.ingress.host, w.ingress.paths, serviceOf)], {
    annotations: w.ingress.annotations,
  });
  cases.push({
    name: `path priority warning: ${w.request} matches the regex location ${w.expect.matchedLocation} first`,
    files: manifest([warning]),
    run: (analysis) =>
      expectServedBy(
        sendThroughIngress(analysis, { host: w.ingress.host, path: w.request }),
        "regex-location",
      ),
  });
  return cases;
}

function sslRedirectCases(data: Expectations["sslRedirect"]): IngressCase[] {
  // Only the first case names host and path; the others reuse them.
  const first = data.cases[0]?.request;
  const host = first?.host ?? "foo.bar.com";
  const path = first?.path ?? "/";
  return data.cases.map((c) => {
    const secretName = "foo-bar-com-tls";
    const tls = c.ingressHasTlsForHost ? [{ hosts: [host], secretName }] : undefined;
    const ssl = ingress("ssl", [{ host, paths: [{ path: "/", service: HTTP_SVC }] }], {
      ...(c.annotations ? { annotations: c.annotations } : {}),
      ...(tls ? { tls } : {}),
    });
    const flags = Object.entries(c.annotations ?? {}).map(([k, v]) => `${k}=${v}`);
    const outcome = c.expect.proxied
      ? "proxied"
      : `${c.expect.status}${c.expect.location ? ` ${c.expect.location}` : ""}`;
    return {
      name: `ssl-redirect: ${c.ingressHasTlsForHost ? "TLS" : "no TLS"}${flags.length ? `, ${flags.join(", ")}` : ""}, http → ${outcome}`,
      files: manifest([ssl], {}, tls ? [tlsSecret(secretName, host)] : []),
      run: (analysis) => {
        const trace = sendThroughIngress(analysis, {
          scheme: c.request.scheme,
          host: c.request.host ?? host,
          path: c.request.path ?? path,
        });
        if (c.expect.proxied) expectServedBy(trace, HTTP_SVC);
        else expectRedirect(trace, c.expect.status ?? 0, c.expect.location);
      },
    };
  });
}

export function nginxCases(dir: string): IngressCase[] {
  const data = load(
    readFileSync(join(dir, "expectations/ingress-nginx-behaviour.yaml"), "utf8"),
  ) as Expectations;
  return [
    ...data.canary.cases.map(canaryCase),
    ...backendErrorCases(data.backendErrors),
    ...rewriteCases(data.rewrite),
    ...appRootCases(data.appRoot),
    ...pathPriorityCases(data.pathPriority),
    ...sslRedirectCases(data.sslRedirect),
  ];
}
