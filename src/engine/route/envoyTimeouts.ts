/**
 * Envoy's router between choosing an endpoint and getting an answer: connect failures, the route
 * timeout, per-try timeouts and the retries the route's policy allows. Sources: Envoy's router
 * filter docs (x-envoy-retry-on: 5xx and gateway-error cover "does not respond at all
 * (disconnect/reset/read timeout)", reset the same; the route timeout includes every retry and is
 * never retried) and router.cc (a per-try timeout is retried like a reset; retries exhausted add
 * URX); Istio's retry.go for the policy.
 */
import type { RetryPolicy } from "../kinds/routeParts";
import type { SimEndpoint } from "../model";
import { listensOn } from "./deliver";
import { responseTimeOf, seconds } from "./latency";
import type { TraceBuilder } from "./traceBuilder";

/** retry_on conditions that retry a connection the upstream refused (wouldRetryFromReset). */
const RETRY_REFUSED = ["connect-failure", "5xx", "gateway-error", "reset", "reset-before-request"];
/** retry_on conditions that retry a try that hit perTryTimeout (a local reset after headers went out). */
const RETRY_TIMEOUT = ["5xx", "gateway-error", "reset"];

export interface UpstreamCall {
  /** Ready endpoints of the cluster and the one the load balancer chose. */
  ready: readonly SimEndpoint[];
  first: SimEndpoint;
  /** Retries go to other hosts (Istio's previous_hosts predicate); not with consistent hashing. */
  otherHosts: boolean;
  /** null: no retries (attempts 0, or a TCP proxy, which makes one connect attempt). */
  policy: RetryPolicy | null;
  /** The route timeout; null or 0: none. */
  timeoutMs: number | null;
  /** A TCP proxy cannot answer with a status: it closes the client's connection instead. */
  tcp: boolean;
}

export interface UpstreamResult {
  /** The endpoint that answered, or null when Envoy answers itself. */
  endpoint: SimEndpoint | null;
  /** `refused`: no try could connect; `timeout`: Envoy gave up waiting. */
  end: "answered" | "refused" | "timeout";
  /** Envoy's response flags when it answers itself: UF, UF,URX, UT or UT,URX. */
  flags: string;
  /** Time spent on tries that did not answer (for `timeout`: until Envoy gave up). */
  spentMs: number;
  /** What happened to the tries, a clause for the Service hop; empty when the first try answered. */
  story: string;
}

function retries(policy: RetryPolicy | null, on: readonly string[]): boolean {
  if (!policy || policy.attempts <= 0) return false;
  for (const condition of policy.retryOn) if (on.includes(condition)) return true;
  return false;
}

function podName(tb: TraceBuilder, e: SimEndpoint): string {
  const pod = e.podKey ? tb.index.podByKey.get(e.podKey) : undefined;
  return pod ? `pod ${pod.name}` : `${e.ip}:${e.port}`;
}

interface FailedTry {
  endpoint: SimEndpoint;
  /** null: the connection was refused; else how long the app would have taken to answer. */
  answerMs: number | null;
}

/** `10.0.0.1:8080 refuses the connection; 2 tries run past retries.perTryTimeout 1 s (pod a takes 3 s to answer)`. */
function failuresText(tb: TraceBuilder, failed: readonly FailedTry[], perTry: number): string {
  const refused = [
    ...new Set(failed.filter((f) => f.answerMs === null).map((f) => `${f.endpoint.ip}:${f.endpoint.port}`)),
  ];
  const slow = failed.filter((f) => f.answerMs !== null);
  const parts: string[] = [];
  if (refused.length > 0)
    parts.push(
      `${refused.join(", ")} refuse${refused.length === 1 ? "s" : ""} the connection (no pod listens on that port)`,
    );
  if (slow.length > 0) {
    const pods = [
      ...new Set(slow.map((f) => `${podName(tb, f.endpoint)} takes ${seconds(f.answerMs ?? 0)}`)),
    ];
    parts.push(
      `${slow.length === 1 ? "the try runs" : `${slow.length} tries run`} past retries.perTryTimeout ${seconds(perTry)} (${pods.join(", ")} to answer)`,
    );
  }
  return parts.join("; ");
}

/** A result where Envoy answers itself; the story starts with the failed tries, if any. */
function ended(
  tb: TraceBuilder,
  failed: readonly FailedTry[],
  perTry: number,
  spentMs: number,
  end: UpstreamResult["end"],
  flags: string,
  ending: string,
): UpstreamResult {
  const failures = failuresText(tb, failed, perTry);
  return { endpoint: null, end, flags, spentMs, story: failures ? `${failures}; ${ending}` : ending };
}

/**
 * The endpoint of try `i`: the chosen one first, then (Istio's previous_hosts predicate) the others
 * round the list, so a cluster of one pod is retried on that pod. Without that predicate
 * (consistent hashing, ORIGINAL_DST) every try goes to the chosen one.
 */
function endpointOfTry(call: UpstreamCall, i: number): SimEndpoint {
  const { ready, first } = call;
  if (i === 0 || !call.otherHosts) return first;
  const at = ready.indexOf(first);
  return at < 0 ? first : (ready[(at + i) % ready.length] as SimEndpoint);
}

const retryOnText = (policy: RetryPolicy | null) => `retryOn ${policy?.retryOn.join(",")}`;

/**
 * The tries, in order (endpointOfTry). Each try either cannot connect, answers within the time
 * it has (perTryTimeout, bounded by what is left of the route timeout), or runs out of it.
 * Retry back-off (25 ms jittered by default) is left out. Every request comes through here, so
 * the first try that answers returns before any text is built.
 */
export function callUpstream(tb: TraceBuilder, call: UpstreamCall): UpstreamResult {
  const { policy } = call;
  const overall = call.timeoutMs && call.timeoutMs > 0 ? call.timeoutMs : Number.POSITIVE_INFINITY;
  const perTry =
    policy?.perTryTimeoutMs && policy.perTryTimeoutMs > 0 ? policy.perTryTimeoutMs : Number.POSITIVE_INFINITY;
  const allowed = policy ? policy.attempts : 0;
  const failed: FailedTry[] = [];
  let spent = 0;
  for (let i = 0; i <= allowed; i++) {
    const e = endpointOfTry(call, i);
    const pod = e.podKey ? tb.index.podByKey.get(e.podKey) : undefined;
    const last = i === allowed;
    if (pod && !listensOn(pod, e.port)) {
      failed.push({ endpoint: e, answerMs: null });
      const retried = retries(policy, RETRY_REFUSED);
      if (retried && !last) continue;
      const flags = retried ? "UF,URX" : "UF";
      const ends = call.tcp
        ? `tcp_proxy makes one connect attempt, so Envoy closes the client's connection (${flags})`
        : `it answers 503 (${flags})`;
      const why = retried
        ? `after ${i + 1} tries (${retryOnText(policy)}) ${ends}`
        : `${policy && policy.attempts > 0 ? `${retryOnText(policy)} does not retry a refused connection, so ` : ""}${ends}`;
      return ended(tb, failed, perTry, spent, "refused", flags, why);
    }
    const answer = responseTimeOf(pod);
    const left = overall - spent;
    if (answer <= perTry && answer <= left) {
      if (failed.length === 0) return { endpoint: e, end: "answered", flags: "", spentMs: spent, story: "" };
      const again = call.otherHosts && call.ready.length > 1 ? " on another host" : "";
      const story = `${failuresText(tb, failed, perTry)}; ${retryOnText(policy)} retries${again}, and ${e.ip}:${e.port} answers`;
      return { endpoint: e, end: "answered", flags: "", spentMs: spent, story };
    }
    if (left <= perTry) {
      // The route timeout covers every try, and Envoy never retries it.
      const every = failed.length > 0 ? " (for every try together)" : "";
      const why = `${podName(tb, e)} takes ${seconds(answer)} to answer; the route timeout is ${seconds(overall)}${every}, so Envoy gives up and answers 504 (UT)`;
      return ended(tb, failed, perTry, overall, "timeout", "UT", why);
    }
    spent += perTry;
    failed.push({ endpoint: e, answerMs: answer });
    const retried = retries(policy, RETRY_TIMEOUT);
    if (retried && !last) continue;
    const why = retried
      ? `no retry is left (attempts ${policy?.attempts}), so Envoy answers 504 (UT,URX)`
      : `${retryOnText(policy)} does not retry a timed-out try (5xx, gateway-error and reset do), so Envoy answers 504 (UT)`;
    return ended(tb, failed, perTry, spent, "timeout", retried ? "UT,URX" : "UT", why);
  }
  return ended(tb, failed, perTry, spent, "refused", "UF", "");
}
