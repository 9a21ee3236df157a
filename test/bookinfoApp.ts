/**
 * The Bookinfo application's own behaviour, which no manifest states (from the header of
 * istio-bookinfo/expectations/bookinfo-tasks.yaml): which service calls which, on what path, with
 * which header, and with what timeouts. A page view is the chain of calls it makes.
 */
import type { Trace } from "../src/engine/traceTypes";
import { type Analysis, sendFromPod, sendThroughGateway } from "./istioHarness";

export const NAMESPACE = "default";
/** "host: any": the Gateway and its VirtualService claim `*`, so any name will do. */
export const ANY_HOST = "bookinfo.example.com";
/** A path each service answers, as Bookinfo's own calls use them. */
export const PATHS: Record<string, string> = {
  productpage: "/productpage",
  details: "/details/0",
  reviews: "/reviews/0",
  ratings: "/ratings/0",
};
/** Call graph from the expectations header (application behaviour): reviews v2 and v3 call ratings. */
const CALLS_RATINGS = new Set(["reviews-v2", "reviews-v3"]);
/**
 * Bookinfo's own timeouts (its code, not mesh config; the file's `why`): productpage gives
 * reviews 3 s and retries once, reviews gives ratings 10 s.
 */
export const PRODUCTPAGE_REVIEWS_BUDGET_MS = 2 * 3000;
export const REVIEWS_RATINGS_TIMEOUT_MS = 10_000;
export function urlOf(service: string): string {
  return `http://${service}:9080${PATHS[service] ?? "/"}`;
}

export interface PageView {
  entry: Trace;
  details: Trace;
  reviews: Trace;
  /** The call reviews makes to ratings, when the chosen reviews version calls it. */
  ratings: Trace | null;
}

/**
 * One page view as Bookinfo's code makes it: the browser reaches productpage through the
 * gateway; productpage calls details and reviews, forwarding the logged-in user as `end-user`;
 * reviews v2/v3 call ratings with the same header. Each call is traced on its own.
 */
export function viewPage(analysis: Analysis, user: string): PageView {
  const headers = { "end-user": user };
  const from = `${NAMESPACE}/productpage-v1`;
  const entry = sendThroughGateway(analysis, ANY_HOST, PATHS.productpage ?? "/");
  const details = sendFromPod(analysis, { from, url: urlOf("details"), headers });
  const reviews = sendFromPod(analysis, { from, url: urlOf("reviews"), headers });
  const d = reviews.destination;
  const ratings =
    d && CALLS_RATINGS.has(d.workload)
      ? sendFromPod(analysis, { from: `${d.namespace}/${d.pod}`, url: urlOf("ratings"), headers })
      : null;
  return { entry, details, reviews, ratings };
}
