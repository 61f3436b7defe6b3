// The web UI in a real browser: every role logs in; the DPO works the Bjuv demo case end to
// end; management sees no edit controls; errors stay beside their fields; the UI works in
// Swedish and English, without JavaScript, and passes axe-core (no serious or critical).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { USERS } from "../server.mjs";
import { axe, browsing, shots } from "../session.mjs";

const env = browsing();
const loggedIn = env.loggedIn;

async function openBjuv(page) {
  await page.getByRole("link", { name: /PUI-2024/ }).first().click();
  await page.waitForURL(/\/cases\//);
}

describe("breachdesk in a browser", () => {
  test("a request without a session is sent to the login page, which passes axe", async () => {
    const context = await env.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${env.server.base}/cases/new`);
    assert.match(page.url(), /\/login\?next=/);
    await page.screenshot({ path: join(shots, "login.png") });
    await axe(page, "the login page");
    await page.getByLabel("E-postadress").fill(USERS.dpo);
    await page.getByLabel("Lösenord").fill("fel lösenord här");
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.getByRole("alert").getByText("Fel e-postadress eller lösenord.").waitFor();
    assert.equal(await page.getByLabel("E-postadress").inputValue(), USERS.dpo, "the e-mail address is kept");
    await context.close();
  });

  for (const role of Object.keys(USERS)) {
    test(`${role} logs in and sees the dashboard`, async () => {
      const { context, page } = await loggedIn(role);
      await page.getByRole("heading", { level: 1, name: /Översikt/ }).waitFor();
      const roleNames = { admin: "Administratör", dpo: "Dataskyddsombud", handler: "Handläggare", management: "Ledning", legal: "Jurist", viewer: "Läsare" };
      await page.getByText(new RegExp(`E2E ${role} \\(${roleNames[role]}`)).waitFor();
      await context.close();
    });
  }

  test("the DPO works the Bjuv case: entry, action, IMY filing, IMY draft", async () => {
    const { context, page } = await loggedIn("dpo");
    await page.screenshot({ path: join(shots, "dashboard.png"), fullPage: true });
    await axe(page, "the dashboard");
    await openBjuv(page);
    await page.getByRole("heading", { level: 1, name: /IT-attack/ }).waitFor();

    // A timeline entry, occurred-at prefilled with now.
    const entryForm = page.locator("form[action$='/timeline']");
    assert.notEqual(await entryForm.getByLabel("Inträffade").inputValue(), "");
    await entryForm.getByLabel("Typ").selectOption("evidence");
    await entryForm.getByLabel("Text").fill("Loggar från brandväggen säkrade på krypterad disk (SHA-256 antecknad).");
    await entryForm.getByRole("button", { name: "Lägg till händelse" }).click();
    await page.locator("ol.timeline").getByText("Loggar från brandväggen säkrade på krypterad disk").waitFor();

    // Tick an action that is not done yet.
    const tick = page.getByRole("button", { name: /^Markera som klar/ }).first();
    const label = await tick.textContent();
    await tick.click();
    await page.waitForURL(/#h-actions/);
    const actionTitle = label.replace(/^Markera som klar:\s*/, "").trim();
    const row = page.getByRole("row").filter({ hasText: actionTitle });
    await row.getByRole("button", { name: /^Återöppna/ }).waitFor();
    await row.getByRole("cell", { name: "Klar", exact: true }).waitFor();

    // Download the IMY draft.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Anmälan till IMY (PDF)" }).first().click(),
    ]);
    const pdf = readFileSync(await download.path());
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");

    // Record the IMY submission with its reference.
    await page.getByText("Registrera inlämning").first().click();
    const filing = page.locator("form[action$='/filings']");
    await filing.getByLabel("Mottagare", { exact: true }).selectOption("imy");
    await filing.getByLabel("Skede").selectOption("supplement");
    await filing.getByLabel("Personuppgiftsansvarig", { exact: true }).selectOption({ index: 1 });
    await filing.getByLabel(/Mottagarens referens/).fill("IMY-2024-1234");
    await filing.getByRole("button", { name: "Registrera inlämning" }).click();
    await page.getByRole("cell", { name: "IMY-2024-1234" }).waitFor();

    await page.screenshot({ path: join(shots, "case.png"), fullPage: true });
    await axe(page, "the case page");
    await context.close();
  });

  test("management sees every clock but no edit controls", async () => {
    const { context, page } = await loggedIn("management");
    await openBjuv(page);
    await page.getByRole("heading", { name: "Frister" }).waitFor();
    assert.equal(await page.locator("main form").count(), 0, "no forms for management");
    assert.equal(await page.getByRole("link", { name: "Nytt ärende" }).count(), 0);
    const response = await page.goto(`${env.server.base}/cases/new`);
    assert.equal(response.status(), 403);
    await page.getByRole("heading", { level: 1, name: "Din roll får inte öppna detta" }).waitFor();
    await context.close();
  });

  test("a new case with a missing title keeps the input and names the field", async () => {
    const { context, page } = await loggedIn("handler");
    await page.getByRole("link", { name: "Nytt ärende" }).click();
    await page.screenshot({ path: join(shots, "new-case.png"), fullPage: true });
    await axe(page, "the new-case form");
    await page.getByLabel("Vad har hänt?").fill("Ett USB-minne med elevlistor saknas sedan i morse.");
    await page.getByRole("button", { name: "Öppna ärendet" }).click();
    await page.locator("#e-title").waitFor();
    assert.equal(await page.getByLabel("Vad har hänt?").inputValue(), "Ett USB-minne med elevlistor saknas sedan i morse.");
    assert.equal(await page.locator("#f-title").getAttribute("aria-invalid"), "true");
    await page.getByLabel("Rubrik").fill("Borttappat USB-minne med elevlistor");
    await page.getByLabel("Kategori").selectOption("lost_device");
    await page.getByRole("button", { name: "Öppna ärendet" }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: /Borttappat USB-minne med elevlistor/ }).waitFor();
    // The next step is obvious: the running IMY clock first, then the assessment and decisions.
    const next = page.getByRole("region", { name: "Nästa steg" });
    await next.getByText(/Anmälan till IMY \(72 h från kännedom\) senast/).waitFor();
    await next.getByText("Gör riskbedömningen (ENISA) och dra din slutsats").waitFor();
    await context.close();
  });

  test("English is one click away and is remembered", async () => {
    const { context, page } = await loggedIn("legal");
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: /Dashboard/ }).waitFor();
    await page.getByRole("link", { name: "Breach register" }).click();
    await page.getByRole("heading", { level: 1, name: "Breach register" }).waitFor();
    await page.screenshot({ path: join(shots, "register-en.png"), fullPage: true });
    await page.getByRole("link", { name: "Svenska" }).click();
    await page.getByRole("heading", { level: 1, name: "Incidentregister" }).waitFor();
    await context.close();
  });

  test("without JavaScript the dashboard shows the due time as text", async () => {
    const { context, page } = await loggedIn("viewer", { javaScriptEnabled: false });
    // A Swedish table's date and time: "2024-01-29 05.40".
    const due = page.locator("td").filter({ hasText: /^\d{4}-\d{2}-\d{2} \d{2}\.\d{2}$/ }).first();
    await due.waitFor();
    assert.match(await page.locator(".countdown").first().textContent(), /FÖRSENAD|kvar/);
    await context.close();
  });

  test("the admin page lists users and controllers, usable on a phone", async () => {
    const { context, page } = await loggedIn("admin", { viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${env.server.base}/admin`);
    await page.getByRole("heading", { name: "Användare" }).waitFor();
    await page.getByRole("cell", { name: USERS.dpo }).waitFor();
    await page.screenshot({ path: join(shots, "admin-phone.png"), fullPage: true });
    await axe(page, "the admin page");
    await context.close();
  });
});
