// Starts the real breachdesk binary on a fresh SQLite database with the demo cases and one
// user per role, for the browser tests. The binary comes from BREACHDESK_BIN (set by .ci/run).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PASSWORD = "e2e-lösenord-för-test-2026";
export const USERS = {
  admin: "admin@example.se",
  dpo: "dso@example.se",
  handler: "handlaggare@example.se",
  management: "ledning@example.se",
  legal: "jurist@example.se",
  viewer: "lasare@example.se",
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function startServer() {
  const bin = process.env.BREACHDESK_BIN;
  if (!bin) throw new Error("BREACHDESK_BIN must name the breachdesk binary (.ci/run sets it)");
  const dir = mkdtempSync(join(tmpdir(), "breachdesk-e2e-"));
  const port = await freePort();
  const env = { ...process.env, BREACHDESK_DATABASE_URL: `sqlite://${dir}/e2e.db`, BREACHDESK_BIND: `127.0.0.1:${port}`, BREACHDESK_LOG: "warn" };
  const run = (args, input) => {
    const r = spawnSync(bin, args, { env, input, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`breachdesk ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  run(["demo"]);
  for (const [role, email] of Object.entries(USERS)) {
    run(["user", "add", email, "--role", role, "--name", `E2E ${role}`], PASSWORD + "\n");
  }
  const child = spawn(bin, ["serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null) throw new Error(`breachdesk serve exited: ${stderr}`);
    await new Promise((res) => setTimeout(res, 100));
  }
  return {
    base,
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
