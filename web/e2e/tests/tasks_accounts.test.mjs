// Issue 11's second half in the browser: actions as tasks (owner, due date, status, edit,
// "Mina uppgifter", overdue on the dashboard), the ENISA form's meanings and live score, the
// administration of accounts (a deactivated user's token refused at once), no UUID on the case
// page or in the drafts, and every page for every role free of serious axe findings and of
// sideways scrolling at 320 px.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { USERS } from "../server.mjs";
import { axe, browsing, shots } from "../session.mjs";

const env = browsing();
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function openBjuv(page) {
  await page.goto(`${env.server.base}/`);
  await page.getByRole("link", { name: /PUI-2024/ }).first().click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop();
}

/// "Yesterday at 09:00" as a datetime-local value.
function yesterday() {
  const d = new Date(Date.now() - 24 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

describe("tasks, ENISA, accounts", () => {
  test("an action given to a user with a due date is their task, overdue on the dashboard, and editable", async () => {
    const dpo = await env.loggedIn("dpo");
    const id = await openBjuv(dpo.page);
    await dpo.page.locator("summary", { hasText: "Lägg till åtgärd" }).click();
    const form = dpo.page.locator("form[action$='/actions']");
    const title = "Ring IT-leverantören om loggarna";
    await form.getByLabel("Rubrik").fill(title);
    await form.getByLabel("Kategori").selectOption("contain");
    await form.getByLabel("Ansvarig", { exact: true }).selectOption({ label: "E2E handler (handläggare)" });
    await form.getByLabel("Klart senast").fill(yesterday());
    await form.getByRole("button", { name: "Lägg till åtgärd" }).click();
    await dpo.page.waitForURL(/#h-actions/);
    const row = dpo.page.getByRole("row").filter({ hasText: title });
    await row.getByText("E2E handler (handläggare)").waitFor();
    await row.getByText("FÖRSENAD").waitFor();

    await dpo.page.goto(`${env.server.base}/`);
    const overdue = dpo.page.getByRole("region", { name: "Försenade åtgärder" });
    await overdue.getByRole("link", { name: title }).waitFor();
    await dpo.page.screenshot({ path: join(shots, "dashboard-tasks.png"), fullPage: true });

    const handler = await env.loggedIn("handler");
    await handler.page.getByRole("navigation").getByRole("link", { name: "Mina uppgifter" }).click();
    await handler.page.getByRole("heading", { level: 1, name: "Mina uppgifter" }).waitFor();
    await handler.page.getByRole("link", { name: title }).waitFor();
    await handler.page.screenshot({ path: join(shots, "tasks.png"), fullPage: true });
    await axe(handler.page, "Mina uppgifter");
    await handler.context.close();

    // The edit: in progress, with a person outside instead of the user. A user and a name at
    // once is refused beside the field, in Swedish, with the focus on the summary.
    await overdue.getByRole("link", { name: title }).click();
    await dpo.page.getByRole("heading", { level: 1, name: title }).waitFor();
    const edit = dpo.page.locator("form[action*='/actions/']");
    await edit.getByLabel("Status").selectOption("in_progress");
    await edit.getByLabel("Eller ansvarig utanför breachdesk").fill("Leverantörens jour");
    await edit.getByRole("button", { name: "Spara åtgärden" }).click();
    const summary = dpo.page.locator(".error-box");
    await summary.waitFor();
    assert.equal(await dpo.page.evaluate(() => document.activeElement?.classList.contains("error-box")), true, "the summary has the focus");
    await summary.getByText(/^Eller ansvarig utanför breachdesk: välj en användare eller skriv en person utanför/).waitFor();
    assert.match(await dpo.page.locator("#e-owner").textContent(), /^välj en användare eller skriv en person utanför breachdesk, inte båda$/);
    assert.equal(await edit.getByLabel("Eller ansvarig utanför breachdesk").inputValue(), "Leverantörens jour", "the input is kept");
    await axe(dpo.page, "the action page with an error");
    await edit.getByLabel("Ansvarig", { exact: true }).selectOption("");
    await edit.getByRole("button", { name: "Spara åtgärden" }).click();
    await dpo.page.getByRole("status").getByText("Sparat.").waitFor();
    await dpo.page.getByText("Leverantörens jour").first().waitFor();
    await dpo.page.screenshot({ path: join(shots, "action.png"), fullPage: true });
    await axe(dpo.page, "the action page");
    await dpo.page.goto(`${env.server.base}/cases/${id}`);
    await dpo.page.locator("ol.timeline").getByText(/Åtgärd ändrad: Ring IT-leverantören om loggarna\..* Status: planerad → pågår\./).waitFor();
    await dpo.context.close();
  });

  test("the ENISA form says what each level means and shows the score the server saves", async () => {
    const { context, page } = await env.loggedIn("dpo");
    await openBjuv(page);
    await page.locator("summary", { hasText: "Spara riskbedömning" }).click();
    const form = page.locator("form[action$='/assessment']");
    await form.getByLabel(/Behandlingens sammanhang/).selectOption("3");
    await page.locator("#h-dpc").getByText(/^3 – hög: ekonomiska uppgifter/).waitFor();
    await form.getByLabel(/Identifierbarhet/).selectOption("1");
    await form.getByLabel(/Förlust av konfidentialitet/).selectOption("0.5");
    await form.locator("#f-cb_integrity").selectOption("0");
    await form.locator("#f-cb_availability").selectOption("0");
    await form.getByLabel(/Avsiktligt/).selectOption("yes");
    const live = await page.locator("#severity").textContent();
    assert.match(live, /^Allvarlighet enligt valen: 4 \(Mycket hög\)$/);
    await form.getByLabel("Slutsats").selectOption("high_risk");
    await form.getByLabel("Motivering", { exact: true }).fill("Ekonomiska uppgifter om många invånare har publicerats.");
    await form.screenshot({ path: join(shots, "enisa.png") });
    await axe(page, "the ENISA form");
    await form.getByRole("button", { name: "Spara riskbedömning" }).click();
    await page.waitForURL(/#h-assessment/);
    await page.locator("section[aria-labelledby=h-assessment] dl").getByText("4 (Mycket hög)").waitFor();
    await context.close();
  });

  test("no UUID on the case page or in the drafts", async () => {
    const { context, page } = await env.loggedIn("dpo");
    await openBjuv(page);
    const text = await page.locator("body").innerText();
    assert.doesNotMatch(text, UUID, "the case page shows no id");
    const drafts = await page.locator("section[aria-labelledby=h-filings] ul a[href$='.pdf'], section[aria-labelledby=h-filings] ul a[href*='.pdf?']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(drafts.length >= 3, `the drafts are linked: ${drafts}`);
    for (const href of drafts) {
      const response = await context.request.get(`${env.server.base}${href}`);
      assert.equal(response.status(), 200, href);
      const out = spawnSync("pdftotext", ["-layout", "-", "-"], { input: await response.body() });
      assert.equal(out.status, 0, `pdftotext ${href}`);
      const pdf = out.stdout.toString("utf8");
      assert.ok(pdf.length > 200, `${href} has text`);
      assert.doesNotMatch(pdf, UUID, `${href} shows no id`);
    }
    await context.close();
  });

  test("an admin deactivates a user, whose token is refused at once, and changes a role", async () => {
    const viewer = await env.loggedIn("viewer");
    const made = await viewer.page.evaluate(async () => {
      const session = await (await fetch("/api/v1/session")).json();
      const r = await fetch("/api/v1/tokens", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrf_token },
        body: JSON.stringify({ label: "e2e" }),
      });
      return { status: r.status, body: await r.json() };
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const token = made.body.token;
    const asViewer = () => fetch(`${env.server.base}/api/v1/cases`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await asViewer()).status, 200);

    const { context, page } = await env.loggedIn("admin");
    await page.goto(`${env.server.base}/admin`);
    const row = page.getByRole("row").filter({ hasText: USERS.viewer });
    await row.getByRole("button", { name: /^Stäng av/ }).click();
    await page.getByRole("status").getByText("Sparat.").waitFor();
    await page.getByRole("row").filter({ hasText: USERS.viewer }).getByText("Avstängt").waitFor();
    assert.equal((await asViewer()).status, 401, "the token is refused at once");
    await page.getByRole("row").filter({ hasText: USERS.viewer }).getByRole("button", { name: /^Aktivera igen/ }).click();
    await page.getByRole("status").getByText("Sparat.").waitFor();
    assert.equal((await asViewer()).status, 200, "reactivated, the token works again");

    const legal = page.getByRole("row").filter({ hasText: USERS.legal });
    await legal.getByLabel(/^Roll:/).selectOption("viewer");
    await legal.getByRole("button", { name: /^Byt roll/ }).click();
    await page.getByRole("row").filter({ hasText: USERS.legal }).getByRole("cell", { name: "Läsare", exact: true }).waitFor();
    await page.getByRole("row").filter({ hasText: USERS.legal }).getByLabel(/^Roll:/).selectOption("legal");
    await page.getByRole("row").filter({ hasText: USERS.legal }).getByRole("button", { name: /^Byt roll/ }).click();
    await page.getByRole("status").getByText("Sparat.").waitFor();
    assert.equal(await page.getByLabel("Tidszon").evaluate((s) => s.tagName), "SELECT", "the time zone is chosen from a list");
    assert.equal(await page.getByLabel("Tidszon").inputValue(), "Europe/Stockholm");
    await page.screenshot({ path: join(shots, "admin.png"), fullPage: true });
    await axe(page, "the admin page");
    await viewer.context.close();
    await context.close();
  });

  test("every page passes axe and fits a 320 px phone, for every role", async () => {
    const probe = await env.loggedIn("dpo");
    const id = await openBjuv(probe.page);
    const action = await probe.page.locator("section[aria-labelledby=h-actions] tbody a").first().getAttribute("href");
    await probe.context.close();
    const pages = ["/", "/cases", "/cases/new", "/register", "/admin", "/tasks", "/account/password", `/cases/${id}`, action, "/no/such/page"];
    for (const role of Object.keys(USERS)) {
      const { context, page } = await env.loggedIn(role);
      for (const path of pages) {
        const response = await page.goto(`${env.server.base}${path}`);
        assert.ok(response.status() < 500, `${role}: ${path} answered ${response.status()}`);
        await page.setViewportSize({ width: 1280, height: 900 });
        await axe(page, `${path} as ${role}`);
        await page.setViewportSize({ width: 320, height: 640 });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 320, `${role}: ${path} is ${width} px wide on a 320 px screen`);
      }
      await context.close();
    }
  });
});
