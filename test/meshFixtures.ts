/**
 * A meshed namespace for the Envoy route tests: web in versions (each optionally slow, through the
 * hopscope.dev/response-time annotation) behind Service web, a sleep client, and helpers to add a
 * VirtualService and trace a request from sleep.
 */
import { routeRequest } from "../src/engine/trace";
import type { Trace } from "../src/engine/traceTypes";
import { analyzeYaml } from "./helpers";

/** One Deployment per version of web; `responseTime` sets the hopscope.dev/response-time annotation. */
export const web = (version: string, responseTime?: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${version}}
spec:
  selector: {matchLabels: {app: web, version: ${version}}}
  template:
    metadata:
      labels: {app: web, version: ${version}}
      ${responseTime ? `annotations: {hopscope.dev/response-time: "${responseTime}"}` : ""}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
`;

export const base = (webs: string, ports = "[{name: http, port: 80, targetPort: 8080}]") => `apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
${webs}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: ${ports}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: sleep}
spec:
  selector: {matchLabels: {app: sleep}}
  template:
    metadata: {labels: {app: sleep}}
    spec: {containers: [{name: sleep, image: curl}]}
`;

export const DR = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web}
spec:
  host: web
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
`;

/** A VirtualService for web whose http routes are `http` (YAML list items, two-space indent). */
export const vs = (http: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
${http}`;

export function trace(
  yaml: string,
  headers: Record<string, string> = {},
  url = "http://web/",
  seed = 1,
): Trace {
  return routeRequest(analyzeYaml(yaml), { url, from: "default/sleep", headers }, { seed });
}

export const serviceHop = (t: Trace, name = "web") =>
  t.hops.findLast((h) => h.kind === "service" && h.name === name);
/** Time spent before Envoy's decision: client, DNS and the outbound sidecar. */
export const beforeEnvoy = (t: Trace) =>
  t.hops.slice(0, t.hops.indexOf(serviceHop(t) as never)).reduce((sum, h) => sum + (h.delayMs ?? 0), 0);
