import { validate as validateDaemonSet } from "kubernetes-models/_schemas/IoK8sApiAppsV1DaemonSet";
import { validate as validateDeployment } from "kubernetes-models/_schemas/IoK8sApiAppsV1Deployment";
import { validate as validateReplicaSet } from "kubernetes-models/_schemas/IoK8sApiAppsV1ReplicaSet";
import { validate as validateStatefulSet } from "kubernetes-models/_schemas/IoK8sApiAppsV1StatefulSet";
import { validate as validateEndpoints } from "kubernetes-models/_schemas/IoK8sApiCoreV1Endpoints";
import { validate as validateNamespace } from "kubernetes-models/_schemas/IoK8sApiCoreV1Namespace";
import { validate as validateNode } from "kubernetes-models/_schemas/IoK8sApiCoreV1Node";
import { validate as validatePod } from "kubernetes-models/_schemas/IoK8sApiCoreV1Pod";
import { validate as validateService } from "kubernetes-models/_schemas/IoK8sApiCoreV1Service";
import { validate as validateEndpointSlice } from "kubernetes-models/_schemas/IoK8sApiDiscoveryV1EndpointSlice";
import { validate as validateExtensionsIngress } from "kubernetes-models/_schemas/IoK8sApiExtensionsV1beta1Ingress";
import { validate as validateBetaIngress } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1beta1Ingress";
import { validate as validateIngress } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1Ingress";
import { validate as validateIngressClass } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1IngressClass";

import type { SchemaCheck, SchemaError } from "./schemaCheck";

type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * The Kubernetes OpenAPI schemas, precompiled by kubernetes-models (no eval, works offline).
 * Keyed by `apiVersion/kind`: a kind under another apiVersion is not validated here.
 */
const VALIDATORS: Record<string, Validator> = {
  "v1/Service": validateService as Validator,
  "v1/Pod": validatePod as Validator,
  "v1/Node": validateNode as Validator,
  "v1/Namespace": validateNamespace as Validator,
  "v1/Endpoints": validateEndpoints as Validator,
  "apps/v1/Deployment": validateDeployment as Validator,
  "apps/v1/ReplicaSet": validateReplicaSet as Validator,
  "apps/v1/StatefulSet": validateStatefulSet as Validator,
  "apps/v1/DaemonSet": validateDaemonSet as Validator,
  "discovery.k8s.io/v1/EndpointSlice": validateEndpointSlice as Validator,
  "networking.k8s.io/v1/Ingress": validateIngress as Validator,
  "networking.k8s.io/v1beta1/Ingress": validateBetaIngress as Validator,
  "extensions/v1beta1/Ingress": validateExtensionsIngress as Validator,
  "networking.k8s.io/v1/IngressClass": validateIngressClass as Validator,
};

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(error: AjvError): string {
  switch (error.keyword) {
    case "required":
      return `is missing the required field "${String(error.params.missingProperty)}"`;
    case "type":
      return `must be ${String(error.params.type).replace(/,/g, " or ")}`;
    case "enum":
      return `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(", ")}`;
    case "format":
      return `must be a valid ${String(error.params.format)}`;
    default:
      return error.message ?? `fails the schema rule "${error.keyword}"`;
  }
}

function validateSchema(apiVersion: string, kind: string, body: unknown): SchemaError[] {
  const validator = VALIDATORS[`${apiVersion}/${kind}`];
  if (!validator || validator(body)) return [];
  // ajv reports each branch of an int-or-string union separately: merge them into one message.
  const byPath = new Map<string, AjvError[]>();
  for (const error of validator.errors ?? []) {
    byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  }
  return [...byPath].map(([pointer, errors]) => {
    const types = errors.filter((e) => e.keyword === "type").map((e) => String(e.params.type));
    const message = types.length > 1 ? `must be ${types.join(" or ")}` : describe(errors[0] as AjvError);
    return { path: pointerToPath(pointer), message };
  });
}

/** The Kubernetes schemas of the kinds the engine simulates. */
export const KUBERNETES_SCHEMAS: SchemaCheck = { validate: validateSchema };
