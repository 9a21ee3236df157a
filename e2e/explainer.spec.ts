import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { HopscopePage } from "./hopscopePage";

/** Focus back on the page itself, where the playback keys work. */
async function blur(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test("the two views: Cluster draws nodes and kube-proxy, Traffic draws client to pods", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await expect(app.objectsOfKind("Node")).toHaveCount(2);
  await app.showView("Traffic");
  await expect(app.objectsOfKind("Node")).toHaveCount(0);
  await expect(app.objectsOfKind("Pod")).toHaveCount(4);
  await expect(app.object("Service", "default", "service-python")).toBeVisible();
  // A request sent in one view is still on screen in the other.
  await app.sendRequest();
  await app.showView("Cluster");
  await expect(app.hops()).toHaveCount(7);
  await expect(page.locator('[data-kind="Pod"][data-state="active"]')).toHaveCount(1);
});

test("clicking an object inspects it: its endpoints, its kubectl row, its YAML", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.object("Service", "default", "service-python").click();
  await expect(app.inspector).toContainText("Service default/service-python");
  await expect(
    app.inspector.getByRole("region", { name: "Endpoints of port 3000" }).getByRole("listitem"),
  ).toHaveCount(3);
  await expect(app.inspector.getByRole("region", { name: "kubectl get" })).toContainText("ClusterIP");
  await expect(app.inspector.getByRole("region", { name: "YAML of this object" })).toContainText(
    "targetPort: 443",
  );
  // A relation is a way to the related object.
  await app.inspector
    .getByRole("button", { name: /pod-python-/ })
    .first()
    .click();
  await expect(app.inspector).toContainText(/Pod default\/pod-python-/);
  await expect(app.inspector.getByRole("region", { name: "Runs on" })).toContainText(/node-\d/);
});

test("playback: pause, step back and forward, jump from the hop list", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.sendRequest();
  await expect(app.currentHop()).toContainText("Container");
  await app.playback.getByRole("button", { name: "Previous hop" }).click();
  await expect(app.currentHop()).toContainText("Pod");
  await expect(app.narration).toContainText("Pod default/pod-python-");
  // The hop's title is the button that jumps there (its line button comes after it).
  await app.hops().nth(2).getByRole("button").first().click();
  await expect(app.currentHop()).toContainText("service-python");
  await expect(app.narration).toContainText("targetPort 443");
  await app.playback.getByRole("button", { name: "Next hop" }).click();
  await expect(app.currentHop()).toContainText("kube-proxy");
  // Play from the middle runs to the end.
  await app.playback.getByRole("button", { name: "Play" }).click();
  await expect(app.path).toHaveAttribute("data-playback", "done", { timeout: 15_000 });
});

test("keyboard only: Enter sends, arrows step, Space plays and pauses, Enter on an object inspects", async ({
  page,
}) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.url.focus();
  await page.keyboard.press("Enter");
  await expect(app.path).toHaveAttribute("data-playback", "done", { timeout: 15_000 });
  await blur(page);
  // At the end the playback rests on the container; the arrows step from there.
  await page.keyboard.press("ArrowLeft");
  await expect(app.currentHop()).toContainText("Pod");
  await page.keyboard.press("ArrowRight");
  await expect(app.currentHop()).toContainText("Container");
  await page.keyboard.press("Space");
  await expect(app.playback.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.keyboard.press("Space");
  await expect(app.playback.getByRole("button", { name: "Play" })).toBeVisible();
  // Graph objects are Tab stops; Enter opens the inspector, Escape closes it.
  const service = page.locator(".react-flow__node", {
    has: app.object("Service", "default", "service-python"),
  });
  await service.focus();
  await page.keyboard.press("Enter");
  await expect(app.inspector).toContainText("Service default/service-python");
  await blur(page);
  await page.keyboard.press("Escape");
  await expect(app.inspector).toHaveCount(0);
});

test("traffic mode: a load runs, the bars fill and the Service's edges carry their share", async ({
  page,
}) => {
  const app = new HopscopePage(page);
  await app.open();
  await page.getByRole("combobox", { name: "Rate" }).selectOption("50");
  await page.getByRole("button", { name: "Start load" }).click();
  const traffic = page.getByRole("region", { name: "Traffic" });
  await expect(traffic).toContainText(/[1-9]\d+ requests/);
  await expect(page.locator(".react-flow__edge-text").first()).toContainText("%");
  await page.getByRole("button", { name: "Stop load" }).click();
  await expect(page.getByRole("button", { name: "Start load" })).toHaveAttribute("aria-pressed", "false");
  // Every request went to one of the three python pods.
  await expect(traffic.getByRole("listitem")).toHaveCount(3);
});

test("editing the YAML redraws the graph", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.editor.click();
  await page.keyboard.press("ControlOrMeta+End");
  // insertText, as a paste would: typed Enter keys would auto-indent the lines.
  await page.keyboard.insertText(
    "\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: extra\nspec:\n  selector:\n    app: python\n  ports:\n    - port: 81\n",
  );
  await expect(app.object("Service", "default", "extra")).toBeVisible();
  // Undo takes the edit back.
  await app.editor.focus();
  await page.keyboard.press("ControlOrMeta+z");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await expect(app.object("Service", "default", "extra")).toHaveCount(0);
});

test("no serious or critical accessibility violations, before and after a request", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(await serious()).toEqual([]);
  await app.sendRequest();
  await app.object("Service", "default", "service-python").click();
  expect(await serious()).toEqual([]);
});

test("kill a pod: its controller replaces it, the Service's endpoints change, traffic moves", async ({
  page,
}) => {
  const app = new HopscopePage(page);
  await app.open();
  const victim = app.objectsOfKind("Pod").filter({ hasText: "pod-python" }).first();
  const name = (await victim.getAttribute("data-name")) ?? "";
  await victim.click();
  await app.inspector.getByRole("button", { name: "Kill pod" }).click();
  const timeline = page.getByRole("list", { name: "Event timeline" });
  await expect(timeline).toContainText(`kill-pod:default/${name}`);
  await expect(timeline).toContainText("did not change");
  await expect(app.object("Pod", "default", name)).toHaveCount(0);
  await expect(app.objectsOfKind("Pod").filter({ hasText: "pod-python" })).toHaveCount(3);
  // Requests now spread over the three pods there are, none to the dead one.
  await page.getByRole("button", { name: "Send 100" }).click();
  const traffic = page.getByRole("region", { name: "Traffic" });
  await expect(traffic).toContainText("100 requests · 200: 100");
  await expect(traffic.getByRole("listitem")).toHaveCount(3);
  await expect(traffic).not.toContainText(name);
  // Reset brings back the cluster the YAML makes.
  await page.getByRole("tab", { name: "Events" }).click();
  await page.getByRole("button", { name: "Reset events" }).click();
  await expect(app.object("Pod", "default", name)).toHaveCount(1);
});
