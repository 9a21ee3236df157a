import type { ManifestObject } from "../parse/parseManifests";
import { record, stringMap, text } from "./read";

export interface IngressClassDecl {
  object: ManifestObject;
  name: string;
  /** spec.controller, e.g. `k8s.io/ingress-nginx`. */
  controller: string | null;
  /** `ingressclass.kubernetes.io/is-default-class: "true"`: stamped on class-less Ingresses. */
  isDefault: boolean;
}

export const DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

export function readIngressClass(object: ManifestObject): IngressClassDecl {
  const annotations = stringMap(record(object.body.metadata).annotations);
  return {
    object,
    name: object.name,
    controller: text(record(object.body.spec).controller),
    isDefault: annotations[DEFAULT_CLASS_ANNOTATION] === "true",
  };
}
