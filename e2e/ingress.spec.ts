import { expect, test } from "@playwright/test";
import { HopscopePage } from "./hopscopePage";

const INGRESS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: python}
spec:
  replicas: 2
  selector: {matchLabels: {app: python}}
  template:
    metadata: {labels: {app: python}}
    spec: {containers: [{name: python, image: python, ports: [{containerPort: 443}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: service-python}
spec:
  selector: {app: python}
  ports: [{port: 3002, targetPort: 443}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fanout}
spec:
  rules:
  - http:
      paths:
      - path: /other
        pathType: Prefix
        backend: {service: {name: service-python, port: {number: 3002}}}
`;

test("a pasted Ingress: the request goes through the controller, which names the rule that won", async ({
  page,
}) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.replaceYaml(INGRESS);
  // The simulation adds the standard controller the YAML does not define.
  await expect(app.object("Service", "ingress-nginx", "ingress-nginx-controller")).toBeVisible();
  await app.from.selectOption("external");
  await app.url.fill("http://example.com/other/page");
  await app.sendRequest();

  const controller = app.path.locator('[data-hop="ingress-controller"]');
  await expect(controller).toContainText("location /other/ (Prefix /other, Ingress default/fanout)");
  await expect(controller.getByRole("button", { name: "Ingress fanout · line 25" })).toBeVisible();
  // The load balancer belongs to the controller the simulation added: no line of the editor.
  await expect(app.path.locator('[data-hop="load-balancer"]')).toContainText("ingress-nginx (assumed).yaml");
  await expect(app.path.locator('[data-hop="service"]').last()).toContainText("kube-proxy are bypassed");
  await expect(app.outcome).toContainText("Delivered");
  await expect(app.outcome).toContainText("/other/page");

  const nginx = await app.underTheHood("nginx.conf (ingress-nginx)");
  await expect(nginx).toContainText("location /other/ {");
  await expect(nginx).toContainText('set $proxy_upstream_name "default-service-python-3002";');
});

test("plain HTTP to a TLS host is redirected; HTTPS is terminated with the Secret", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.scenario.selectOption({ label: "Ingress: TLS termination" });
  await app.url.fill("http://secure.example.com/login");
  await app.sendRequest();
  await expect(app.outcome).toContainText("redirected");
  await expect(app.outcome).toContainText("HTTP 308");
  await expect(app.path.locator('[data-hop="ingress-controller"]')).toContainText(
    "Location: https://secure.example.com/login",
  );

  await app.url.fill("https://secure.example.com/login");
  await app.sendRequest();
  await expect(app.outcome).toContainText("Delivered");
  await expect(app.path.locator('[data-hop="ingress-controller"]')).toContainText(
    "Secret default/secure-tls",
  );
});

test("a header decides: Host picks the virtual host", async ({ page }) => {
  const app = new HopscopePage(page);
  await app.open();
  await app.scenario.selectOption({ label: "Ingress: name-based virtual hosts" });
  await expect(app.url).toHaveValue("http://first.bar.com/");
  await app.headers.fill("Host: second.bar.com");
  await app.sendRequest();
  await expect(app.outcome).toContainText("default/second-");
});
