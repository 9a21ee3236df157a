import type { DiagnosticCode } from "../diagnostics";
import type { Protocol, ServiceType } from "../model";
import type { ManifestObject } from "../parse/parseManifests";
import type { FieldPath } from "../parse/positions";
import { integer, intOrString, isRecord, list, protocolOf, record, stringMap, text } from "./read";

export interface ServicePortDecl {
  index: number;
  name: string | null;
  protocol: Protocol;
  port: number;
  targetPort: number | string;
  nodePort: number | null;
}

export interface ServiceDecl {
  object: ManifestObject;
  type: ServiceType;
  headless: boolean;
  clusterIP: string | null;
  selector: Record<string, string> | null;
  ports: ServicePortDecl[];
  externalName: string | null;
  externalIPs: string[];
  statusLoadBalancerIPs: string[];
  externalTrafficPolicy: "Cluster" | "Local";
  internalTrafficPolicy: "Cluster" | "Local";
  sessionAffinity: "None" | "ClientIP";
  affinityTimeoutSeconds: number;
  publishNotReadyAddresses: boolean;
  allocateLoadBalancerNodePorts: boolean;
  healthCheckNodePort: number | null;
}

export type Report = (code: DiagnosticCode, message: string, path: FieldPath) => void;

const SERVICE_TYPES: readonly ServiceType[] = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;
/** Default ClientIP affinity timeout: 3 hours (K-SVC). */
const DEFAULT_AFFINITY_SECONDS = 10800;

function validPort(n: number | null): n is number {
  return n !== null && n >= 1 && n <= 65535;
}

/** Reads a Service with Kubernetes' defaults filled in once; semantic mistakes go to `report`. */
export function readService(object: ManifestObject, report: Report): ServiceDecl {
  const spec = record(object.body.spec);
  const status = record(object.body.status);
  const type = SERVICE_TYPES.find((t) => t === spec.type) ?? "ClusterIP";
  const clusterIPText = text(spec.clusterIP);
  const headless = clusterIPText === "None";
  const ports: ServicePortDecl[] = [];
  list(spec.ports).forEach((p, index) => {
    const port = record(p);
    const number = integer(port.port);
    if (!validPort(number)) {
      report("port-out-of-range", `Service port ${String(port.port)} is not in 1-65535.`, [
        "spec",
        "ports",
        index,
        "port",
      ]);
      return;
    }
    const target = intOrString(port.targetPort) ?? number; // omitted targetPort = port (K-SVC)
    if (typeof target === "number" && !validPort(target)) {
      report("port-out-of-range", `targetPort ${target} is not in 1-65535.`, [
        "spec",
        "ports",
        index,
        "targetPort",
      ]);
    }
    const nodePort = integer(port.nodePort);
    if (nodePort !== null && (type === "ClusterIP" || type === "ExternalName")) {
      report("nodeport-on-clusterip", `nodePort ${nodePort} is set on a ${type} Service.`, [
        "spec",
        "ports",
        index,
        "nodePort",
      ]);
    } else if (nodePort !== null && (nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max)) {
      report(
        "nodeport-out-of-range",
        `nodePort ${nodePort} is outside the node port range ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}; the API server rejects it.`,
        ["spec", "ports", index, "nodePort"],
      );
    }
    ports.push({
      index,
      name: text(port.name),
      protocol: protocolOf(port.protocol),
      port: number,
      targetPort: target,
      nodePort:
        nodePort !== null &&
        nodePort >= NODE_PORT_RANGE.min &&
        nodePort <= NODE_PORT_RANGE.max &&
        type !== "ClusterIP"
          ? nodePort
          : null,
    });
  });
  if (ports.length > 1) {
    const seen = new Set<string>();
    for (const port of ports) {
      if (port.name === null) {
        report("unnamed-port", `Port ${port.port} has no name, but this Service has ${ports.length} ports.`, [
          "spec",
          "ports",
          port.index,
        ]);
      } else if (seen.has(port.name)) {
        report("duplicate-port-name", `Port name "${port.name}" is used twice.`, [
          "spec",
          "ports",
          port.index,
          "name",
        ]);
      } else seen.add(port.name);
    }
  }
  if (headless && (type === "NodePort" || type === "LoadBalancer")) {
    report("headless-with-nodeport", `A ${type} Service cannot be headless.`, ["spec", "clusterIP"]);
  }
  const externalName = text(spec.externalName);
  if (type === "ExternalName" && externalName === null) {
    report("external-name-invalid", "This ExternalName Service has no spec.externalName.", ["spec"]);
  }
  const etp = spec.externalTrafficPolicy === "Local" ? "Local" : "Cluster";
  if (etp === "Local" && type === "ClusterIP" && list(spec.externalIPs).length === 0) {
    report(
      "local-policy-on-clusterip",
      "externalTrafficPolicy: Local has no effect on a ClusterIP Service.",
      ["spec", "externalTrafficPolicy"],
    );
  }
  const affinity = record(record(spec.sessionAffinityConfig).clientIP);
  return {
    object,
    type,
    headless: headless && type !== "ExternalName",
    clusterIP: headless ? null : clusterIPText,
    // ExternalName ignores its selector (K-SVC).
    selector: isRecord(spec.selector) && type !== "ExternalName" ? stringMap(spec.selector) : null,
    ports,
    externalName,
    externalIPs: list(spec.externalIPs).filter((ip): ip is string => typeof ip === "string"),
    statusLoadBalancerIPs: list(record(status.loadBalancer).ingress).flatMap((i) => {
      const ingress = record(i);
      const address = text(ingress.ip) ?? text(ingress.hostname);
      return address ? [address] : [];
    }),
    externalTrafficPolicy: etp,
    internalTrafficPolicy: spec.internalTrafficPolicy === "Local" ? "Local" : "Cluster",
    sessionAffinity: spec.sessionAffinity === "ClientIP" ? "ClientIP" : "None",
    affinityTimeoutSeconds: integer(affinity.timeoutSeconds) ?? DEFAULT_AFFINITY_SECONDS,
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    allocateLoadBalancerNodePorts: spec.allocateLoadBalancerNodePorts !== false,
    healthCheckNodePort: integer(spec.healthCheckNodePort),
  };
}
