import { describe, expect, it } from "vitest";
import {
  endpointChain,
  endpointString,
  externalChain,
  serviceChain,
  serviceLocalChain,
  servicePortName,
} from "../src/engine/dataplane/chainNames";
import { probability } from "../src/engine/dataplane/probability";

const id = (namespace: string, name: string, portName: string | null, protocol = "TCP") => ({
  namespace,
  name,
  portName,
  protocol,
});

/**
 * Chain names from the expected dump of TestOverallIPTablesRules in kubernetes/kubernetes
 * pkg/proxy/iptables/proxier_test.go: the hash is over "ns/name:port" + "tcp" (+ "ip:port").
 */
describe("kube-proxy chain names match upstream's test data", () => {
  it.each([
    ["ns1", "svc1", "KUBE-SVC-XPGD46QRK7WJZT7O"],
    ["ns2", "svc2", "KUBE-SVC-GNZBNJ2PO5MGZ6GT"],
    ["ns3", "svc3", "KUBE-SVC-X27LE4BHSL4DOUIK"],
    ["ns4", "svc4", "KUBE-SVC-4SW47YFZTEDKD3PK"],
    ["ns5", "svc5", "KUBE-SVC-NUKIZ6OKUXPJNT4C"],
  ])("%s/%s:p80 -> %s", (ns, name, chain) => {
    expect(serviceChain(id(ns, name, "p80"))).toBe(chain);
    // SVL, EXT and FW share the service hash (proxier_test.go: KUBE-EXT-GNZBNJ2PO5MGZ6GT ...).
    const hash = chain.slice("KUBE-SVC-".length);
    expect(serviceLocalChain(id(ns, name, "p80"))).toBe(`KUBE-SVL-${hash}`);
    expect(externalChain(id(ns, name, "p80"))).toBe(`KUBE-EXT-${hash}`);
  });

  it.each([
    ["ns1", "svc1", "10.180.0.1:80", "KUBE-SEP-SXIVWICOYRO3J4NJ"],
    ["ns2", "svc2", "10.180.0.2:80", "KUBE-SEP-RS4RBKLTHTF2IUXJ"],
    ["ns3", "svc3", "10.180.0.3:80", "KUBE-SEP-OYPFS5VJICHGATKP"],
    ["ns4", "svc4", "10.180.0.4:80", "KUBE-SEP-UKSFD7AGPMPPLUHC"],
    ["ns4", "svc4", "10.180.0.5:80", "KUBE-SEP-C6EBXVWJJZMIWKLZ"],
    ["ns5", "svc5", "10.180.0.3:80", "KUBE-SEP-I77PXRDZVX7PMWMN"],
  ])("%s/%s:p80 endpoint %s -> %s", (ns, name, endpoint, chain) => {
    expect(endpointChain(id(ns, name, "p80"), endpoint)).toBe(chain);
  });

  it("hashes the protocol in lower case, so TCP and UDP ports of one name get different chains", () => {
    expect(serviceChain(id("ns1", "svc1", "p80", "UDP"))).not.toBe("KUBE-SVC-XPGD46QRK7WJZT7O");
  });

  it("names an unnamed port ns/name, without a colon (ServicePortName.String)", () => {
    expect(servicePortName(id("default", "web", null))).toBe("default/web");
    expect(servicePortName(id("default", "web", "http"))).toBe("default/web:http");
  });

  it("writes IPv6 endpoints the way net.JoinHostPort does", () => {
    expect(endpointString("10.0.0.1", 80)).toBe("10.0.0.1:80");
    expect(endpointString("fd00::1", 80)).toBe("[fd00::1]:80");
  });
});

describe("probability: Go's %0.10f of 1/n", () => {
  it.each([
    [2, "0.5000000000"],
    [3, "0.3333333333"],
    [6, "0.1666666667"],
    [7, "0.1428571429"],
    // An exact tie: Go rounds half to even, where JavaScript's toFixed would give ...813.
    [2048, "0.0004882812"],
  ])("1/%i -> %s", (n, text) => {
    expect(probability(n)).toBe(text);
  });
});
