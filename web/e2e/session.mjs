// What the browser tests share: a signed-in page per role, and the axe-core check.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { PASSWORD, USERS, startServer } from "./server.mjs";

/// Where the tests' screenshots go (shown in the README).
export const shots = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screenshots");

/// One real server and one browser for a test file: started before its tests, stopped after.
/// `env.server` and `env.browser` are set once the tests run.
export function browsing() {
  const env = { server: null, browser: null };
  before(async () => {
    mkdirSync(shots, { recursive: true });
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  env.loggedIn = (role, options) => loggedIn(env.browser, env.server, role, options);
  return env;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/// A new browser context signed in as `role`, on the dashboard.
export async function loggedIn(browser, server, role, options = {}) {
  // bypassCSP lets the test inject axe-core; the app's own pages never need inline script.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, ...options });
  const page = await context.newPage();
  await logIn(page, server, role);
  await page.waitForURL(`${server.base}/`);
  return { context, page };
}

/// Fills and sends the login form shown on `page` (or opens it first).
export async function logIn(page, server, role) {
  // The login form may already be on the page (a post whose session had ended lands on it).
  if ((await page.locator("form[action='/login']").count()) === 0) await page.goto(`${server.base}/login`);
  await page.getByLabel(/E-postadress|E-mail address/).fill(USERS[role]);
  await page.getByLabel(/Lösenord|Password/).fill(PASSWORD);
  await page.getByRole("button", { name: /Logga in|Log in/ }).click();
}

/// No serious or critical axe-core violation on the page as it is now.
export async function axe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    [],
    `axe found serious or critical violations on ${name}`,
  );
}
