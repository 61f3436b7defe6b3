// Evidence on the case page, as the DPO and a viewer use it: the upload form works without
// script, the item is listed with its SHA-256, the file downloads as an attachment with the
// same bytes, and a viewer sees the list but no file.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { axe, browsing, shots } from "../session.mjs";

const env = browsing();

/// The Bjuv demo case's page address, as the dashboard links it.
async function bjuvPage(page) {
  await page.goto(`${env.server.base}/`);
  return await page.getByRole("link", { name: /PUI-2024/ }).first().getAttribute("href");
}

describe("evidence", () => {
  test("the DPO uploads a file without script; it is listed with its SHA-256 and downloads as the same bytes", async () => {
    const { context, page } = await env.loggedIn("dpo", { javaScriptEnabled: false });
    const casePath = await bjuvPage(page);
    await page.goto(`${env.server.base}${casePath}#h-evidence`);
    const section = page.locator("section[aria-labelledby='h-evidence']");
    // The demo's ransom note and log excerpt are there.
    assert.match(await section.innerText(), /[0-9a-f]{64}/, "demo evidence with its hash");
    const bytes = Buffer.from("Skärmbild av hotmeddelandet, skriven för testet.\n", "utf8");
    const sha = createHash("sha256").update(bytes).digest("hex");
    await section.locator("summary", { hasText: "Spara bevis" }).click();
    await section.getByLabel("Fil").setInputFiles({ name: "hotmeddelande.txt", mimeType: "text/plain", buffer: bytes });
    await section.getByLabel("Beskrivning").fill("Hotmeddelande, skärmbild från webbläsaren");
    await section.getByLabel("Var originalet förvaras").fill("IT-avdelningens kassaskåp");
    await section.getByRole("button", { name: "Spara bevis" }).click();
    await page.waitForURL(/#h-evidence$/);
    const row = page.locator("section[aria-labelledby='h-evidence'] tr", { hasText: "Hotmeddelande, skärmbild" });
    assert.equal(await row.count(), 1, "the item is listed once");
    assert.match(await row.innerText(), new RegExp(sha), "with the SHA-256 computed as it came in");
    // The download is an attachment with the same bytes.
    const href = await row.getByRole("link", { name: "hotmeddelande.txt" }).getAttribute("href");
    const response = await context.request.get(`${env.server.base}${href}`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-disposition"], /^attachment/);
    assert.equal(response.headers()["x-content-type-options"], "nosniff");
    assert.equal(createHash("sha256").update(await response.body()).digest("hex"), sha);
    await row.screenshot({ path: join(shots, "evidence-row.png") });
    await section.screenshot({ path: join(shots, "evidence.png") });
    await context.close();
  });

  test("an empty upload names the field in Swedish; a viewer sees the list but no file", async () => {
    const { context, page } = await env.loggedIn("dpo");
    const casePath = await bjuvPage(page);
    await page.goto(`${env.server.base}${casePath}#h-evidence`);
    const section = page.locator("section[aria-labelledby='h-evidence']");
    await section.locator("summary", { hasText: "Spara bevis" }).click();
    await section.getByRole("button", { name: "Spara bevis" }).click();
    const errors = page.locator("section[aria-labelledby='h-evidence'] .error");
    assert.ok((await errors.count()) > 0, "the refusal is shown beside the form");
    assert.doesNotMatch(await errors.allInnerTexts().then((t) => t.join(" ")), /is required|must be/, "in Swedish");
    await axe(page, "the case page with a refused upload");
    await context.close();

    const viewer = await env.loggedIn("viewer");
    await viewer.page.goto(`${env.server.base}${casePath}#h-evidence`);
    const listed = viewer.page.locator("section[aria-labelledby='h-evidence']");
    assert.match(await listed.innerText(), /[0-9a-f]{64}/, "the viewer sees the list");
    assert.equal(await listed.locator("a[href*='/content']").count(), 0, "but no download link");
    assert.equal(await listed.getByRole("button", { name: "Spara bevis" }).count(), 0, "and no upload form");
    const caseId = casePath.split("/").pop();
    const items = await (await viewer.context.request.get(`${env.server.base}/api/v1/cases/${caseId}/evidence`)).json();
    assert.ok(items.length > 0, "the list reaches the viewer through the API too");
    const content = await viewer.context.request.get(`${env.server.base}/api/v1/evidence/${items[0].id}/content`);
    assert.equal(content.status(), 403, "the file does not");
    await viewer.context.close();
  });
});
