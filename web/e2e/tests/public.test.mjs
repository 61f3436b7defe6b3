// The public and the staff (issue 13), on the demo data: a resident reads Bjuv's notice and an
// earlier revision, sends an inquiry through Norrtälje's e-service and gets its reference; the
// DPO finds it on the case's communication page and answers it. A handler reports an incident;
// the DPO opens a case from the report.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axe, browsing, shots } from "../session.mjs";

const env = browsing();

/// A browser context with no session: a resident.
async function resident(options = {}) {
  // bypassCSP lets the test inject axe-core, as in session.mjs.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, ...options });
  return { context, page: await context.newPage() };
}

/// The id of the demo case of this category, through the API with the page's session.
async function caseId(context, category) {
  const cases = await (await context.request.get(`${env.server.base}/api/v1/cases`)).json();
  return cases.items.find((c) => c.category === category).id;
}

describe("public notices and inquiries", () => {
  test("a resident reads the notice and its earlier revision, and sends an inquiry; the DPO answers it", async () => {
    const { context, page } = await resident();
    await page.goto(`${env.server.base}/notices`);
    await page.getByRole("link", { name: "Med anledning av IT-attacken i Bjuvs kommun" }).click();
    await page.waitForURL(/\/notices\/it-attacken-2024$/);
    const notice = page.locator("article.public-notice");
    assert.match(await notice.innerText(), /Senast uppdaterad: 2024-02-27 15\.23 \(version 3\)/);
    assert.match(await notice.innerText(), /hackergrupp/, "the latest summary");
    for (const host of ["skatteverket.se", "polisen.se", "mcf.se"]) {
      assert.equal(await notice.locator(`a[href*='${host}']`).count() > 0, true, `a link to ${host}`);
    }
    assert.equal(await notice.locator("dl.qa dt").count(), 6, "every question of the latest revision");
    await axe(page, "the public notice");
    await page.screenshot({ path: join(shots, "notice.png"), fullPage: true });

    // The first revision, as it was on 31 January: two questions and the first summary.
    await page.getByRole("link", { name: "Version 1" }).click();
    await page.waitForURL(/\/revisions\/1$/);
    const first = await page.locator("main").innerText();
    assert.match(first, /2024-01-31 16\.13/);
    assert.doesNotMatch(first, /hackergrupp/, "not the later summary");
    assert.equal(await page.locator("dl.qa dt").count(), 2);

    // On a phone: nothing wider than the screen.
    const phone = await resident({ viewport: { width: 320, height: 640 } });
    await phone.page.goto(`${env.server.base}/notices/it-attacken-2024`);
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `no horizontal scroll at 320 px (scrollWidth ${width})`);
    await phone.page.screenshot({ path: join(shots, "notice-phone.png"), fullPage: true });
    await phone.context.close();

    // Norrtälje's e-service.
    await page.goto(`${env.server.base}/notices/natfiskeattack-2020`);
    await page.getByRole("link", { name: "Fråga om dina egna uppgifter har exponerats" }).click();
    await page.waitForURL(/\/inquiry$/);
    assert.match(await page.locator("main").innerText(), /Så hanterar vi dina uppgifter/, "the information text");
    await axe(page, "the inquiry form");
    await page.getByLabel("Namn").fill("Invånare i testet");
    await page.getByLabel("Hur vi når dig").fill("invanare@example.se");
    await page.getByLabel("Vad du skickade till oss").fill("Ett mejl till gymnasieskolan med mitt barns intyg");
    await page.getByLabel("När du skickade det").fill("Maj 2020");
    await page.getByLabel("Övrigt du vill berätta").fill("Skrivet i webbläsartestet.");
    await page.screenshot({ path: join(shots, "inquiry.png"), fullPage: true });
    await page.getByRole("button", { name: "Skicka" }).click();
    await page.locator("h1", { hasText: "Tack, vi har tagit emot din fråga" }).waitFor();
    const reference = (await page.locator(".reference").innerText()).trim();
    assert.match(reference, /^FRG-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    // The receipt keeps its own address (where a repeated post of the same form leads).
    await page.goto(`${env.server.base}/notices/natfiskeattack-2020/inquiry/${reference}`);
    assert.equal((await page.locator(".reference").innerText()).trim(), reference);
    await context.close();

    // The DPO: the case page links the communication page, which lists the inquiry.
    const dpo = await env.loggedIn("dpo");
    const id = await caseId(dpo.context, "phishing");
    await dpo.page.goto(`${env.server.base}/cases/${id}`);
    await dpo.page.getByRole("link", { name: "Offentligt meddelande och förfrågningar" }).click();
    await dpo.page.waitForURL(new RegExp(`/cases/${id}/communication$`));
    const inquiry = dpo.page.locator("article.inquiry", { has: dpo.page.locator("h3", { hasText: reference }) });
    assert.equal(await inquiry.count(), 1, "the resident's inquiry is on the case");
    assert.match(await inquiry.innerText(), /Invånare i testet/, "with the person's data");
    assert.match(await inquiry.innerText(), /Svar senast/, "and its Art. 12(3) clock");
    await axe(dpo.page, "the communication page");
    await inquiry.locator("summary", { hasText: "Besvara" }).click();
    await inquiry.getByLabel("Svaret").fill("Ditt mejl fanns inte i de inkorgar som angriparna kom åt.");
    await inquiry.getByLabel("Kanal").fill("E-post");
    await inquiry.getByRole("button", { name: "Besvara" }).click();
    await dpo.page.waitForURL(new RegExp(`/cases/${id}/communication`));
    const answered = dpo.page.locator("article.inquiry", { has: dpo.page.locator("h3", { hasText: reference }) });
    assert.match(await answered.innerText(), /Besvarad via[\s\S]*E-post/, "answered, with its channel");
    assert.equal(await answered.getByRole("button", { name: "Besvara" }).count(), 0, "no second answer");
    const listed = await (await dpo.context.request.get(`${env.server.base}/api/v1/cases/${id}/inquiries`)).json();
    assert.equal(listed.find((i) => i.reference === reference).status, "answered");
    await dpo.context.close();
  });
});

describe("staff reports", () => {
  test("a handler reports an incident and gets a receipt; the DPO opens a case from it", async () => {
    const handler = await env.loggedIn("handler");
    await handler.page.goto(`${env.server.base}/report`);
    await handler.page.getByLabel("Vad har hänt?").fill("En bärbar dator med elevakter glömdes på tåget. (Webbläsartestet.)");
    // Yesterday morning: never in the future, whatever the time zone.
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);
    await handler.page.getByLabel("När märkte du det?").fill(`${yesterday}T09:30`);
    await handler.page.getByLabel("Vilken enhet eller förvaltning?").fill("Elevhälsan");
    await handler.page.getByLabel("Hur når vi dig?").fill("handlaggare@example.se");
    await handler.page.getByRole("button", { name: "Skicka" }).click();
    const receipt = handler.page.locator("[role=status]");
    await receipt.waitFor();
    const reference = (await receipt.locator(".reference").innerText()).trim();
    assert.match(reference, /^RAP-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await handler.context.close();

    const dpo = await env.loggedIn("dpo");
    const menu = dpo.page.locator("nav").getByRole("link", { name: "Incidentrapporter", exact: true });
    assert.equal(await menu.getAttribute("href"), "/reports", "the DPO's menu leads to the queue");
    await dpo.page.goto(`${env.server.base}/reports`);
    const report = dpo.page.locator("article.report", { has: dpo.page.locator("h2", { hasText: reference }) });
    assert.equal(await report.count(), 1, "the new report waits in the queue");
    assert.equal(await dpo.page.locator("article.report").count(), 2, "beside the demo's waiting report");
    await axe(dpo.page, "the reports queue");
    await dpo.page.screenshot({ path: join(shots, "reports.png"), fullPage: true });
    await report.locator("summary", { hasText: "Öppna ärende" }).click();
    await report.getByLabel("Rubrik").fill("Borttappad bärbar dator med elevakter");
    await report.locator("fieldset.checks input[type=checkbox][value=confidentiality]").check();
    await report.getByRole("button", { name: "Öppna ärende" }).click();
    // Noticed yesterday morning, aware now: more than 24 hours, so the reason is asked for,
    // beside its field and in Swedish.
    const refused = dpo.page.locator("article.report", { has: dpo.page.locator("h2", { hasText: reference }) });
    assert.match(await refused.locator("#" + "e-aware_justification-" + (await refused.getAttribute("id")).slice(2)).innerText(), /måste fyllas i/);
    await refused.getByLabel("Motivering av kännedomstidpunkten").fill("Rapporten kom till dataskyddsombudet först i dag.");
    await refused.getByRole("button", { name: "Öppna ärende" }).click();
    await dpo.page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    assert.match(await dpo.page.locator("h1").innerText(), /Borttappad bärbar dator med elevakter/, "on the new case");
    await dpo.page.goto(`${env.server.base}/reports`);
    assert.equal(
      await dpo.page.locator("article.report", { has: dpo.page.locator("h2", { hasText: reference }) }).count(),
      0,
      "no longer waiting",
    );
    assert.match(await dpo.page.locator("main").innerText(), new RegExp(`${reference}`), "listed as handled");
    await dpo.context.close();
  });
});
