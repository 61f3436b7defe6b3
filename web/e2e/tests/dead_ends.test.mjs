// No dead ends for a DPO under stress: every address a role can reach answers below 500,
// a form's address leads to its page, refusals and wrong addresses are pages with the menu,
// a session that ends while typing keeps the text, every case (closed ones too) can be found,
// nothing scrolls sideways on a 320 px phone, and printing a case prints all of it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { USERS } from "../server.mjs";
import { axe, browsing, logIn, shots } from "../session.mjs";

const env = browsing();
const loggedIn = env.loggedIn;

/// The id of the Bjuv demo case, as the dashboard links it.
async function bjuvId(page) {
  await page.goto(`${env.server.base}/`);
  const href = await page.getByRole("link", { name: /PUI-2024/ }).first().getAttribute("href");
  return href.split("/").pop();
}

/// Every same-site address linked from the page now shown.
async function linksOn(page) {
  const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")));
  return hrefs.filter((h) => h.startsWith("/") && !h.startsWith("//")).map((h) => h.split("#")[0]);
}

describe("no dead ends", () => {
  test("every GET address answers below 500 for every role, and refusals are pages with the menu", async () => {
    for (const role of Object.keys(USERS)) {
      const { context, page } = await loggedIn(role);
      const id = await bjuvId(page);
      const fixed = ["/", "/cases", "/cases?q=IT-attack&status=investigating&year=2024", "/cases?page=99999999999999999999",
        "/cases/new", "/register", "/admin", `/cases/${id}`, "/no/such/page", "/cases/abc",
        "/cases/00000000-0000-7000-8000-000000000000",
        ...["facts", "status", "timeline", "actions", "assessment", "decisions", "filings", "police-details"].map((f) => `/cases/${id}/${f}`),
        `/cases/${id}/actions/00000000-0000-7000-8000-000000000000`,
        "/admin/users", "/admin/organisation", "/admin/controllers"];
      const found = [...await linksOn(page)];
      await page.goto(`${env.server.base}/cases/${id}`);
      found.push(...await linksOn(page));
      const all = [...new Set([...fixed, ...found])].filter((h) => !h.startsWith("/lang/") && h !== "/logout");
      for (const path of all) {
        // As the browser asks for a page (drafts are downloads, so not page.goto).
        const response = await context.request.get(`${env.server.base}${path}`, { headers: { accept: "text/html" } });
        const status = response.status();
        assert.ok(status < 500, `${role}: GET ${path} answered ${status}`);
        if (status === 403 || status === 404) {
          // A page in Swedish, with the menu and the way out.
          const html = await response.text();
          assert.match(html, /Din roll får inte öppna detta|Sidan finns inte/, `${role}: ${path}`);
          assert.match(html, /Logga ut/, `${role}: ${path} has the way out`);
          assert.match(html, /<nav[^>]*>[\s\S]*href="\/"/, `${role}: ${path} has the menu`);
        }
      }
      // The menu offers each role only what it may open.
      await page.goto(`${env.server.base}/`);
      const nav = page.getByRole("navigation");
      const mayReadRegister = ["admin", "dpo", "management", "legal"].includes(role);
      assert.equal(await nav.getByRole("link", { name: "Incidentregister" }).count(), mayReadRegister ? 1 : 0, role);
      for (const href of await nav.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
        const response = await page.goto(`${env.server.base}${href}`);
        assert.equal(response.status(), 200, `${role}: the menu offers ${href}, which answers ${response.status()}`);
      }
      await context.close();
    }
  });

  test("a form's address opened with GET leads to the form; the 404 page passes axe", async () => {
    const { context, page } = await loggedIn("dpo");
    const id = await bjuvId(page);
    await page.goto(`${env.server.base}/cases/${id}/timeline`);
    assert.equal(page.url(), `${env.server.base}/cases/${id}#h-timeline`);
    const response = await page.goto(`${env.server.base}/cases/abc`);
    assert.equal(response.status(), 404);
    await page.getByRole("heading", { level: 1, name: "Sidan finns inte" }).waitFor();
    await axe(page, "the 404 page");
    await page.goto(`${env.server.base}/no/such/page`);
    await page.getByRole("heading", { level: 1, name: "Sidan finns inte" }).waitFor();
    await context.close();
  });

  test("a session that ends while the DPO types keeps what was typed through the login", async () => {
    const { context, page } = await loggedIn("dpo");
    const id = await bjuvId(page);
    await page.goto(`${env.server.base}/cases/${id}`);
    const text = "Samtal med IT-chefen kl. 14.10: backuperna från i natt är intakta.";
    const entryForm = page.locator("form[action$='/timeline']");
    await entryForm.getByLabel("Text").fill(text);
    await context.clearCookies(); // the session ends
    await entryForm.getByRole("button", { name: "Lägg till händelse" }).click();
    await page.getByRole("alert").getByText(/det du skrev finns kvar/).waitFor();
    await logIn(page, env.server, "dpo");
    await page.getByRole("heading", { level: 1, name: "Skicka det du skrev" }).waitFor();
    await page.getByText(text).waitFor();
    await axe(page, "the page that sends on what was typed");
    await page.getByRole("button", { name: "Skicka", exact: true }).click();
    await page.waitForURL(new RegExp(`/cases/${id}`));
    // On the timeline, perhaps folded away: the evidence downloads of the first test are
    // entries of this same minute, to the second, so they may sort above it.
    await page.locator("ol.timeline").getByText(text).waitFor({ state: "attached" });
    await context.close();
  });

  test("a form sent twice (a double click) makes one entry", async () => {
    const { context, page } = await loggedIn("dpo");
    const id = await bjuvId(page);
    await page.goto(`${env.server.base}/cases/${id}`);
    const text = "Dubbelklickad anteckning om säkerhetskopiorna.";
    await page.locator("form[action$='/timeline']").getByLabel("Text").fill(text);
    // Two posts of the same drawn form, as a double click sends them.
    const statuses = await page.evaluate(async () => {
      const form = document.querySelector("form[action$='/timeline']");
      const send = () => fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), redirect: "manual" });
      return (await Promise.all([send(), send()])).map((r) => r.type === "opaqueredirect" ? 303 : r.status);
    });
    assert.deepEqual(statuses, [303, 303]);
    await page.reload();
    assert.equal(await page.locator("ol.timeline").getByText(text).count(), 1, "one entry");
    await context.close();
  });

  test("the case list finds a case that is no longer open, by words and by status", async () => {
    const { context, page } = await loggedIn("dpo");
    await page.getByRole("link", { name: "Nytt ärende" }).click();
    await page.getByLabel("Rubrik").fill("Larm om inloggning från okänd plats");
    await page.getByLabel("Kategori").selectOption("intrusion");
    await page.getByLabel("Vad har hänt?").fill("Larmet gällde en anställd på tjänsteresa; ingen obehörig åtkomst.");
    await page.getByRole("button", { name: "Öppna ärendet" }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.locator("summary", { hasText: "Ändra status" }).click();
    const statusForm = page.locator("form[action$='/status']");
    await statusForm.getByLabel("Ny status").selectOption("not_a_breach");
    await statusForm.getByLabel(/Skäl/).fill("Inloggningen var den anställdes egen, bekräftad av hen.");
    await statusForm.getByRole("button", { name: "Ändra status" }).click();
    await page.locator(".badge", { hasText: "Inte en personuppgiftsincident" }).first().waitFor();

    await page.getByRole("navigation").getByRole("link", { name: "Ärenden" }).click();
    await page.getByLabel("Sök", { exact: true }).fill("okänd PLATS");
    await page.getByRole("button", { name: "Sök", exact: true }).click();
    await page.getByRole("link", { name: /PUI-/ }).first().waitFor();
    assert.equal(await page.locator("tbody tr").count(), 1);
    await page.getByRole("cell", { name: /Larm om inloggning från okänd plats/ }).waitFor();
    await page.getByLabel("Status").selectOption("investigating");
    await page.getByRole("button", { name: "Sök", exact: true }).click();
    assert.equal(await page.locator("tbody tr").count(), 0, "the status filter narrows");
    await page.getByLabel("Status").selectOption("not_a_breach");
    await page.getByRole("button", { name: "Sök", exact: true }).click();
    assert.equal(await page.locator("tbody tr").count(), 1);
    await page.goto(`${env.server.base}/cases`);
    await page.screenshot({ path: join(shots, "cases.png"), fullPage: true });
    await axe(page, "the case list");
    await context.close();
  });

  test("nothing scrolls sideways on a 320 px phone", async () => {
    const { context, page } = await loggedIn("dpo", { viewport: { width: 320, height: 640 }, isMobile: true });
    const id = await bjuvId(page);
    for (const [path, shot] of [["/", "dashboard-phone.png"], [`/cases/${id}`, "case-phone.png"], ["/cases", null], ["/register", null], ["/cases/new", null]]) {
      await page.goto(`${env.server.base}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `${path} is ${width} px wide on a 320 px screen`);
      // The case page is long: its first screen shows how a phone reads it.
      if (shot) await page.screenshot({ path: join(shots, shot), fullPage: path === "/" });
    }
    await context.close();
  });

  test("printing a case shows the whole timeline, unfolded, without the menu", async () => {
    const { context, page } = await loggedIn("dpo");
    const id = await bjuvId(page);
    await page.goto(`${env.server.base}/cases/${id}`);
    const older = page.locator("section[aria-labelledby=h-timeline] details li");
    const folded = await older.count();
    assert.ok(folded > 0, "the Bjuv case has folded older entries");
    assert.equal(await older.first().isVisible(), false, "folded on screen");
    await page.emulateMedia({ media: "print" });
    assert.equal(await older.first().isVisible(), true, "unfolded in print");
    assert.equal(await page.locator("header.top").isVisible(), false, "no menu in print");
    await context.close();
  });
});
