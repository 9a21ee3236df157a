import { fnv1a } from "./ipam";

/**
 * The alphabet Kubernetes uses for generated name suffixes (`rand.SafeEncodeString`):
 * no vowels and no easily confused characters, so names never spell words.
 */
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function safeEncode(seed: number, length: number): string {
  let out = "";
  let n = seed >>> 0;
  for (let i = 0; i < length; i++) {
    out += SAFE_ALPHABET[n % SAFE_ALPHABET.length];
    n = fnv1a(`${n}:${i}`);
  }
  return out;
}

/** Like the Deployment controller's `pod-template-hash` label: changes when the template does. */
export function podTemplateHash(templateJson: string): string {
  return safeEncode(fnv1a(templateJson), 10);
}

/** The five-character suffix a ReplicaSet or DaemonSet adds to each pod; deterministic here. */
export function podSuffix(owner: string, index: number): string {
  return safeEncode(fnv1a(`${owner}#${index}`), 5);
}
