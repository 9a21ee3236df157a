import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { HopscopePage } from "./hopscopePage";

test.describe("Istio Bookinfo", () => {
  test.beforeEach(async ({ page }) => {
    const app = new HopscopePage(page);
    await app.open();
    await app.scenario.selectOption({ label: "Istio: Bookinfo" });
    await app.sendFrom("productpage-v1");
    await app.url.fill("http://reviews:9080/reviews/0");
  });

  for (const [who, headers, workload, route] of [
    ["jason", "end-user: jason", "reviews-v2", "VirtualService reviews route 1"],
    ["anonymous", "", "reviews-v1", "VirtualService reviews route 2"],
  ] as const) {
    test(`${who}: both sidecars, the matched route, ${workload}`, async ({ page }) => {
      const app = new HopscopePage(page);
      await app.headers.fill(headers);
      await app.sendRequest();
      const sidecars = app.path.locator('[data-hop="sidecar"]');
      await expect(sidecars).toHaveCount(2);
      await expect(sidecars.first()).toContainText("intercepts the connection");
      await expect(sidecars.last()).toContainText("mTLS");
      await expect(app.path.locator('[data-hop="service"]')).toContainText(route);
      await expect(app.path.locator('[data-hop="kube-proxy"]')).toHaveCount(0);
      await expect(app.outcome).toContainText(`default/${workload}-`);
    });
  }

  test("the client's Envoy configuration names the cluster the trace went to", async ({ page }) => {
    const app = new HopscopePage(page);
    await app.headers.fill("end-user: jason");
    await app.sendRequest();
    const envoy = await app.underTheHood("Envoy (istio-proxy)");
    await page.getByRole("combobox", { name: "of" }).selectOption({ label: await app.from.inputValue() });
    await expect(envoy).toContainText("outbound|9080|v2|reviews.default.svc.cluster.local");
    await page.getByRole("tab", { name: "Request path" }).click();
    await expect(app.path.locator('[data-hop="service"]')).toContainText(
      "outbound|9080|v2|reviews.default.svc.cluster.local",
    );
  });

  test("an 80/20 split converges over a burst of requests", async ({ page }) => {
    const app = new HopscopePage(page);
    const shifted = readFileSync("public/scenarios/istio-bookinfo.yaml", "utf8").replace(
      / {4}- route:\n {8}- destination:\n {12}host: reviews\n {12}subset: v1\n/,
      "    - route:\n        - destination:\n            host: reviews\n            subset: v1\n          weight: 80\n        - destination:\n            host: reviews\n            subset: v2\n          weight: 20\n",
    );
    await app.replaceYaml(shifted);
    await app.sendFrom("productpage-v1");
    await app.url.fill("http://reviews:9080/reviews/0");
    await page.getByRole("button", { name: "Send 100" }).click();
    const traffic = page.getByRole("region", { name: "Traffic" });
    await expect(traffic).toContainText("100 requests · 200: 100");
    const share = async (workload: string) => {
      const text = await traffic
        .locator(`[data-workload="${workload}"]`)
        .locator(".traffic__count")
        .textContent();
      return Number((text ?? "0").split(" ")[0]);
    };
    // 100 draws at p = 0.8: within 4 standard deviations (±16) of 80, as a seeded run must be.
    expect(Math.abs((await share("reviews-v1")) - 80)).toBeLessThanOrEqual(16);
    expect((await share("reviews-v1")) + (await share("reviews-v2"))).toBe(100);
  });
});
