import type { Analysis } from "./model";
import { type Random, seededRandom } from "./random";
import { indexCluster } from "./route/clusterIndex";
import { normalizeRequest } from "./route/request";
import { routeExternal } from "./route/routeExternal";
import { routeFromPod } from "./route/routeInside";
import { newProxyState, type ProxyState, TraceBuilder } from "./route/traceBuilder";
import type { RequestSpec, Trace } from "./traceTypes";

export interface RouteOptions {
  /** Seed of the random choices (iptables probabilities, load balancer node). Default 1. */
  seed?: number;
  /** Share one generator and kube-proxy state across requests (traffic runs). */
  random?: Random;
  state?: ProxyState;
}

/**
 * Where does this request go? Walks the simulated cluster hop by hop, recording at every hop
 * which rule decided it, and stops with a coded outcome where the real system would.
 * Throws RequestError only for a request that cannot be formed (bad URL, unknown source pod).
 */
export function routeRequest(analysis: Analysis, spec: RequestSpec, options: RouteOptions = {}): Trace {
  return formRequest(analysis, spec)(options);
}

/**
 * Forms a request once (its URL parsed, its source pod found) to send it many times: a traffic
 * run sends the same request over and over, and forming it costs more than routing it.
 * Throws RequestError like routeRequest.
 */
export function formRequest(analysis: Analysis, spec: RequestSpec): (options?: RouteOptions) => Trace {
  const index = indexCluster(analysis);
  const request = normalizeRequest(index, spec);
  return (options = {}) => {
    const tb = new TraceBuilder(
      index,
      request,
      options.random ?? seededRandom(options.seed ?? 1),
      options.state ?? newProxyState(),
    );
    return request.source.kind === "external" ? routeExternal(tb) : routeFromPod(tb, request.source.pod);
  };
}
