import { expect, type Locator, type Page } from "@playwright/test";

/** Long enough for a dozen hops at the default pace (travel 520 ms + rest 320 ms each). */
const PLAYBACK_TIMEOUT_MS = 15_000;

/** The app as a person sees it: the manifest editor, the cluster graph, the request and its path. */
export class HopscopePage {
  readonly editor: Locator;
  readonly problems: Locator;
  readonly from: Locator;
  readonly url: Locator;
  readonly send: Locator;
  readonly path: Locator;
  readonly outcome: Locator;
  readonly headers: Locator;
  readonly scenario: Locator;
  readonly playback: Locator;
  readonly narration: Locator;
  readonly inspector: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByRole("textbox", { name: "YAML" });
    this.problems = page.getByRole("list", { name: "Problems" });
    this.from = page.getByRole("combobox", { name: "From" });
    this.url = page.getByRole("textbox", { name: "URL" });
    this.send = page.getByRole("button", { name: "Send", exact: true });
    this.path = page.getByRole("list", { name: "Request path" });
    this.outcome = page.getByRole("region", { name: "Outcome" });
    this.headers = page.getByRole("textbox", { name: "Headers" });
    this.scenario = page.getByRole("combobox", { name: "Scenario" });
    this.playback = page.getByRole("region", { name: "Playback" });
    this.narration = this.playback.locator(".narration");
    this.inspector = page.getByRole("region", { name: "Inspector" });
  }

  /** One of the graph's two views: "Cluster" (nodes, kube-proxy) or "Traffic" (client to pods). */
  async showView(view: "Cluster" | "Traffic") {
    await this.page.getByRole("group", { name: "View" }).getByRole("button", { name: view }).click();
  }

  /** The hop the playback is at: the hop list marks it as the current step. */
  currentHop(): Locator {
    return this.path.locator('[aria-current="step"]');
  }

  async open() {
    await this.page.goto("/");
    await expect(this.object("Service", "default", "service-python")).toBeVisible();
  }

  /** A drawn Kubernetes object, found the way people name it. */
  object(kind: string, namespace: string, name: string): Locator {
    return this.page.locator(`[data-kind="${kind}"][data-namespace="${namespace}"][data-name="${name}"]`);
  }

  objectsOfKind(kind: string): Locator {
    return this.page.locator(`[data-kind="${kind}"]`);
  }

  /** Sends and waits until the animation has walked every hop (under a second per hop). */
  async sendRequest() {
    await this.send.click();
    await expect(this.path).toHaveAttribute("data-playback", "done", { timeout: PLAYBACK_TIMEOUT_MS });
  }

  hops(): Locator {
    return this.path.getByRole("listitem");
  }

  async replaceYaml(text: string) {
    await this.editor.fill(text);
  }

  /** The editor line the cursor is on (a revealed line is selected, so the cursor sits on it). */
  activeLine(): Locator {
    return this.page.locator(".cm-activeLine");
  }

  /** Picks the first pod of a workload as the source, by the name the form lists it under. */
  async sendFrom(workload: string) {
    const option = this.from.locator("option", { hasText: `/${workload}-` }).first();
    await this.from.selectOption((await option.getAttribute("value")) ?? "");
  }

  /** Opens "Under the hood" and shows one component's configuration text. */
  async underTheHood(label: string): Promise<Locator> {
    await this.page.getByRole("tab", { name: "Under the hood" }).click();
    await this.page.getByRole("combobox", { name: "Show" }).selectOption({ label });
    return this.page.getByLabel(label, { exact: true });
  }
}
