import { expect, test } from "@playwright/test";
import { HopscopePage } from "./hopscopePage";

test("the default scenario is drawn: two nodes, four pods, the Service", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await expect(app.objectsOfKind("Node")).toHaveCount(2);
  await expect(app.objectsOfKind("Pod")).toHaveCount(4);
  await expect(app.object("Pod", "default", "pod-nginx")).toBeVisible();
  await expect(app.problems.getByRole("listitem")).toHaveCount(0);
});

test("Send: pod-nginx -> service-python -> kube-proxy -> one of the python pods", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await expect(app.from).toHaveValue("default/pod-nginx");
  await expect(app.url).toHaveValue("http://service-python:3000/");
  await app.sendRequest();

  const hops = app.hops();
  await expect(hops).toHaveCount(7);
  await expect(hops.nth(0)).toContainText("default/pod-nginx");
  await expect(hops.nth(1)).toContainText("service-python.default.svc.cluster.local");
  await expect(hops.nth(2)).toContainText("targetPort 443");
  await expect(hops.nth(3)).toContainText(/KUBE-SVC-\w+ rule \d of 3/);
  await expect(hops.nth(5)).toContainText("(Deployment pod-python)");
  await expect(hops.nth(6)).toContainText("Container python");
  await expect(app.outcome).toContainText("Delivered");
  await expect(app.outcome).toContainText("HTTP 200");

  // The pod the engine chose is the one lit on the graph.
  const podName = await hops.nth(5).locator(".hop__name").textContent();
  const [, name] = (podName ?? "").split("/");
  await expect(app.object("Pod", "default", name ?? "")).toHaveAttribute("data-state", "active");
});

test("a hop's line button selects that line in the editor", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.sendRequest();
  await app
    .hops()
    .nth(2)
    .getByRole("button", { name: /line \d+/ })
    .click();
  await expect(app.editor).toBeFocused();
  await expect(app.activeLine()).toContainText("port: 3000");
});

test("a broken line is reported with its line; the text survives a reload", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  const text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\nspec:\n  ports: [port: 80\n";
  await app.replaceYaml(text);
  const problem = app.problems.getByRole("listitem").first();
  await expect(problem).toContainText("error");
  await expect(problem.getByRole("button", { name: /line \d+/ })).toBeVisible();

  await page.reload();
  await expect(app.editor).toContainText("ports: [port: 80");
  await expect(app.editor).not.toContainText("service-python");
  await expect(app.problems.getByRole("listitem").first()).toContainText("error");
});

test("a request the engine refuses to form says why", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.url.fill("not a url");
  await app.send.click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(app.path).toHaveCount(0);
});

test("an external request to a NodePort enters at that node", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await page.getByRole("combobox", { name: "Scenario" }).selectOption({ label: "NodePort Service" });
  await app.from.selectOption("external");
  await app.url.fill("http://4.4.4.2:30080/");
  await app.sendRequest();
  await expect(app.hops().first()).toContainText("external client");
  await expect(app.hops().nth(1)).toContainText("node-2");
  await expect(app.outcome).toContainText("Delivered");
});
