import { describe, expect, it } from "vitest";
import { analyze } from "../engine/analyze";
import { DEFAULT_SCENARIO, findScenario } from "../scenarios/scenarios";
import { defaultRequest } from "./defaultRequest";

const cluster = (text: string) => analyze([{ name: "test.yaml", text }]).cluster;
const scenario = (id: string) => cluster(findScenario(id)?.yaml ?? "");

describe("defaultRequest", () => {
  it.each([
    {
      case: "ClusterIP scenario: from the pod that is not behind the Service, by name",
      cluster: cluster(DEFAULT_SCENARIO.yaml),
      request: { from: "default/pod-nginx", url: "http://service-python:3000/" },
    },
    {
      case: "NodePort scenario: from outside to a node's node port",
      cluster: scenario("nodeport"),
      request: { from: "external", url: "http://4.4.4.1:30080/" },
    },
    {
      case: "LoadBalancer scenario: from outside to the load balancer",
      cluster: scenario("loadbalancer"),
      request: {
        from: "external",
        url: `http://${scenario("loadbalancer").services[0]?.loadBalancerIPs[0]}:3000/`,
      },
    },
    {
      case: "Service in another namespace: the client uses name.namespace",
      cluster: cluster(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec: {containers: [{name: c, image: c}]}\n---\n" +
          "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {ports: [{port: 8080}]}",
      ),
      request: { from: "default/c", url: "http://api.shop:8080/" },
    },
    {
      case: "nothing at all: from outside",
      cluster: cluster(""),
      request: { from: "external", url: "http://my-service/" },
    },
  ])("$case", ({ cluster, request }) => {
    expect(defaultRequest(cluster)).toEqual(request);
  });
});
