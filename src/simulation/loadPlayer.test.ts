import { describe, expect, it } from "vitest";
import { analyze } from "../engine/analyze";
import { LoadPlayer } from "./loadPlayer";
import { sendTraffic } from "./traffic";

const yaml = `apiVersion: v1
kind: Node
metadata: {name: node-a}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: c}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`;
const analysis = analyze([{ name: "m.yaml", text: yaml }]);
const spec = { from: "default/client", url: "http://web/" };

describe("LoadPlayer", () => {
  it("a burst counts exactly what a traffic run with the same seed counts", () => {
    const player = new LoadPlayer(analysis, spec, 7);
    player.burst(200, 0, 10);
    expect(player.result()).toEqual(sendTraffic(analysis, spec, 200, 7));
    const flights = player.takeFlights();
    expect(flights.map((f) => f.departAt).slice(0, 3)).toEqual([0, 10, 20]);
    expect(player.takeFlights()).toEqual([]);
  });

  it.each([
    { rate: 10 as const, at: 0, sent: 1 },
    { rate: 10 as const, at: 99, sent: 1 },
    { rate: 10 as const, at: 100, sent: 2 },
    { rate: 10 as const, at: 1000, sent: 11 },
    { rate: 50 as const, at: 1000, sent: 51 },
  ])("at $rate req/s, $sent requests have left by $at ms", ({ rate, at, sent }) => {
    const player = new LoadPlayer(analysis, spec, 1);
    player.start(0, rate);
    player.advance(at / 2);
    player.advance(at);
    expect(player.result().count).toBe(sent);
    player.stop();
    player.advance(at + 5000);
    expect(player.result().count).toBe(sent);
  });
});
