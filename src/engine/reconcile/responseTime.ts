import { durationMs } from "../kinds/virtualService";
import type { ManifestObject } from "../parse/parseManifests";
import { annotationsOf } from "./injectSidecars";

/**
 * A simulation input: how long the app in a pod takes to answer, in Istio's duration syntax
 * (`3s`, `250ms`), on a Pod or on a workload's pod template. Route timeouts compare against it.
 */
export const RESPONSE_TIME_ANNOTATION = "hopscope.dev/response-time";

/** Per object: a workload's replicas share its template, so it is read once. */
const read = new WeakMap<ManifestObject, number | null>();

/** The annotation's value in milliseconds; null when absent or not a duration. */
export function responseTimeAnnotation(object: ManifestObject): number | null {
  let ms = read.get(object);
  if (ms === undefined) {
    const value = annotationsOf(object)[RESPONSE_TIME_ANNOTATION];
    ms = value === undefined ? null : durationMs(value.trim());
    read.set(object, ms);
  }
  return ms;
}
