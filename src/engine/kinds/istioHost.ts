/**
 * Istio host names as the control plane reads them (semantics 4.3): a short name is expanded with
 * the namespace of the object that wrote it (a VirtualService's, a DestinationRule's), not the
 * Service's; names with dots are taken as written; `*` and `*.x` are wildcards.
 */
export function expandHost(host: string, namespace: string, clusterDomain = "cluster.local"): string {
  const lower = host.toLowerCase();
  if (lower === "*" || lower.includes(".")) return lower;
  return `${lower}.${namespace}.svc.${clusterDomain}`;
}

/** Whether a (possibly wildcard) host covers a name: `*` everything, `*.x` any name ending in `.x`. */
export function istioHostMatches(pattern: string, name: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return name.endsWith(pattern.slice(1));
  return pattern === name;
}

/** The Service a fully qualified host (`name.namespace.svc.<domain>`) names, as namespace/name. */
export function serviceOfFqdn(
  host: string,
  clusterDomain: string,
): { namespace: string; name: string } | null {
  const suffix = `.svc.${clusterDomain}`;
  if (!host.endsWith(suffix)) return null;
  const [name, namespace, ...rest] = host.slice(0, -suffix.length).split(".");
  return name && namespace && rest.length === 0 ? { namespace, name } : null;
}
