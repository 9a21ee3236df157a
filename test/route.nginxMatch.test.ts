import { describe, expect, it } from "vitest";
import type { LocationMatch, NginxLocation, NginxServer } from "../src/engine/ingressModel";
import { readNginxAnnotations } from "../src/engine/kinds/nginxAnnotations";
import { claimingServer, hostMatches, matchLocation, matchServer } from "../src/engine/route/nginxMatch";

/**
 * nginx's server and location choice use lookups built once per configuration. These tables pin
 * them to the choice as nginx states it: a scan of every server and location, in order.
 */
const ANNOTATIONS = readNginxAnnotations({});

function loc(path: string, match: LocationMatch, name = "a"): NginxLocation {
  return {
    path,
    match,
    ingressPath: path,
    pathType: match === "exact" ? "Exact" : "ImplementationSpecific",
    ingress: { namespace: "default", name },
    backend: { kind: "service", name, port: { number: 80 }, field: [] },
    field: [],
    annotations: ANNOTATIONS,
    isDefaultBackend: false,
    canary: null,
  };
}

const server = (hostname: string, locations: NginxLocation[] = [], useRegex = false): NginxServer => ({
  hostname,
  useRegex,
  tls: null,
  locations,
});

/** The exact name, then a wildcard name, then the catch-all: each the first in the order given. */
function scanServer(servers: readonly NginxServer[], host: string): NginxServer | null {
  return (
    servers.find((s) => s.hostname === host) ??
    servers.find((s) => s.hostname.startsWith("*.") && hostMatches(s.hostname, host)) ??
    servers.find((s) => s.hostname === "_") ??
    null
  );
}

/** An exact `=` location, else the longest string prefix, the first written among equals. */
function scanLocation(s: NginxServer, path: string): NginxLocation | null {
  const exact = s.locations.find((l) => l.match === "exact" && l.path === path);
  if (exact) return exact;
  let best: NginxLocation | null = null;
  for (const l of s.locations) {
    if (l.match === "prefix" && path.startsWith(l.path) && (!best || l.path.length > best.path.length))
      best = l;
  }
  return best;
}

const SERVERS = [
  server("*.example.com"),
  server("a.example.com"),
  server("*.b.example.com"),
  server("b.example.com"),
  server("*."),
  server("_"),
  server("a.example.com", [loc("/", "prefix", "second")]),
];
const HOSTS = ["a.example.com", "x.example.com", "x.y.example.com", "c.b.example.com", "b.example.com"];
const MORE_HOSTS = [
  "a_b-c.example.com",
  "a*b.example.com",
  ".example.com",
  "example.com",
  "_",
  "x.",
  "*.example.com",
];

describe("nginx server choice", () => {
  it.each([...HOSTS, ...MORE_HOSTS])("%s as a scan of the servers would choose", (host) => {
    expect(matchServer(SERVERS, host)).toBe(scanServer(SERVERS, host));
    const withoutCatchAll = SERVERS.filter((s) => s.hostname !== "_");
    expect(matchServer(withoutCatchAll, host)).toBe(scanServer(withoutCatchAll, host));
  });

  it.each([...HOSTS, ...MORE_HOSTS])("%s is claimed by the first server whose name covers it", (host) => {
    for (const servers of [SERVERS, [...SERVERS].reverse()]) {
      const first = servers.find((s) => s.hostname !== "_" && hostMatches(s.hostname, host)) ?? null;
      expect(claimingServer(servers, host)).toBe(first);
    }
  });
});

const LOCATIONS = [
  loc("/api", "exact"),
  loc("/api/", "prefix"),
  loc("/api", "prefix"),
  loc("/api/v1/", "prefix"),
  loc("/api/", "prefix", "later"),
  loc("/api/v1", "exact"),
  loc("/", "prefix"),
  loc("/static", "prefix"),
  loc("/api", "exact", "later"),
];
const PATHS = ["/", "/api", "/api/", "/api/v1", "/api/v1/x", "/apix", "/static.css", "/stat", "", "/other"];

describe("nginx location choice", () => {
  it.each(PATHS)("%s as a scan of the locations would choose", (path) => {
    for (const locations of [LOCATIONS, [...LOCATIONS].reverse(), LOCATIONS.slice(0, 6)]) {
      const s = server("a.example.com", locations);
      expect(matchLocation(s, path)).toBe(scanLocation(s, path));
    }
  });

  it("tries regex locations in the order written, the first match wins", () => {
    const s = server(
      "r.example.com",
      [loc("/api/(.*)", "regex", "first"), loc("/api", "regex"), loc("(", "regex")],
      true,
    );
    expect(matchLocation(s, "/API/v1")?.ingress.name).toBe("first");
    expect(matchLocation(s, "/api")?.ingress.name).toBe("a");
    expect(matchLocation(s, "/other")).toBeNull();
  });
});
