import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";

const SCENARIO = "public/scenarios/services-clusterip.yaml";
const REQUEST = ["--url", "http://service-python:3000/", "--from", "default/pod-nginx"];

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("--event", () => {
  it("narrates each event before a readable trace", async () => {
    const { code, out } = await run("trace", SCENARIO, ...REQUEST, "--event", "node-drain:node-2");
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toBe("event node-drain:node-2");
    expect(lines[1]).toMatch(/^ {2}kubectl drain node-2 --ignore-daemonsets --force cordoned the node/);
    expect(out).toMatch(/=> delivered, 200, .*: default\/pod-python-\S+ \(pod-python\)/);
  });

  it("keeps --json output pure JSON, the narration on stderr", async () => {
    const { code, out, err } = await run(
      "traffic",
      SCENARIO,
      ...REQUEST,
      "--count",
      "30",
      "--json",
      "--event",
      "node-fail:node-2",
    );
    expect(code).toBe(0);
    expect(err).toMatch(/^event node-fail:node-2\n {2}Node node-2 stopped answering/);
    const result = JSON.parse(out);
    expect(result.outcomes).toEqual({ 200: 30 });
    // Only the python pod on node-1 is still ready.
    expect(result.destinations).toHaveLength(1);
  });

  it("applies events to explain too", async () => {
    const { code, out } = await run(
      "explain",
      "kubectl",
      SCENARIO,
      "--event",
      "scale:deployment/pod-python=1",
    );
    expect(code).toBe(0);
    expect(out.match(/^pod\/pod-python-/gm)).toHaveLength(1);
  });

  it.each([
    [["--event", "reboot:node-1"], /^hopscope: --event reboot:node-1: "reboot:node-1" is not an event/],
    [
      ["--event", "kill-pod:default/nope"],
      /^hopscope: --event kill-pod:default\/nope: There is no running pod "nope"/,
    ],
  ])("refuses %j in one line", async (flags, message) => {
    const { code, err } = await run("trace", SCENARIO, ...REQUEST, ...flags);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
