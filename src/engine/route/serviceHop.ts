import type { SimService, SimServicePort } from "../model";
import type { TraceBuilder } from "./traceBuilder";

/** Describes a Service the way `kubectl get svc` would: type and address. */
export function describeService(service: SimService): string {
  if (service.type === "ExternalName") return `ExternalName → ${service.externalName}`;
  if (service.headless) return "headless";
  return `${service.type} ${service.clusterIP}`;
}

/** The Service port that matched, and where its traffic goes next. Services themselves are virtual. */
export function serviceHop(
  tb: TraceBuilder,
  service: SimService,
  port: SimServicePort,
  matched: string,
  how: string,
): void {
  const endpoints = (tb.index.cluster.endpoints[service.key] ?? []).find((e) => e.portIndex === port.index);
  const list = endpoints?.endpoints ?? [];
  let ready = 0;
  for (const e of list) if (e.ready) ready++;
  const origin =
    endpoints?.origin.kind === "Endpoints" || endpoints?.origin.kind === "EndpointSlice"
      ? ` from ${endpoints.origin.kind} ${endpoints.origin.name}`
      : "";
  const target =
    typeof port.targetPort === "string"
      ? `the container port named "${port.targetPort}"`
      : `targetPort ${port.targetPort}`;
  tb.hop({
    kind: "service",
    name: service.name,
    namespace: service.namespace,
    address: matched,
    explanation: `${how} Service ${service.name} (${describeService(service)}) port ${port.port}${port.name ? ` "${port.name}"` : ""} → ${target}; ${ready} of ${list.length} endpoints ready${origin}.`,
    source: tb.index.sourceOf("Service", service.namespace, service.name, ["spec", "ports", port.index]),
  });
}

export function findPort(service: SimService, port: number): SimServicePort | undefined {
  return service.ports.find((p) => p.port === port && p.protocol === "TCP");
}
