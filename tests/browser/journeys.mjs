// evidex serve in a real browser: Debian's headless Chromium, driven by playwright-core, against a
// real server on a free loopback port over a store made here with the real evidex binary. One
// journey per role, an accessibility check (axe-core) on every page they visit, a screenshot of each.
//
//   node tests/browser/journeys.mjs --evidex build/cli/evidex --fixtures fixtures [--screenshots DIR]
//
// Exits non-zero, naming the step, when a journey fails or a page has a serious accessibility
// violation. Chromium is /usr/bin/chromium (or $CHROMIUM); it is never downloaded.
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const evidex = resolve(option("--evidex", "build/cli/evidex"));
const fixtures = resolve(option("--fixtures", "fixtures"));
const screenshots = option("--screenshots", null);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

const work = mkdtempSync(join(tmpdir(), "evidex-browser-"));
const store = join(work, "store");
const shots = screenshots ? resolve(screenshots) : join(work, "screenshots");
mkdirSync(shots, { recursive: true });

const password = (name) => `password-${name}-long`;
function run(args, input) {
  return execFileSync(evidex, ["--store", store, ...args], { input, encoding: "utf8" });
}

// The store: A1 and A2 have showcases in; A3 has an account and nothing uploaded yet.
run(["ingest", join(fixtures, "sample-bundle.zip"), "--apprentice", "A1", "--name", "Sam Patel", "-q"]);
// A second upload of A1's: the criteria list it copied, two pages of PDF.
run(["ingest", join(fixtures, "showcases/copy-of-standard.zip"), "--apprentice", "A1", "-q"]);
run(["ingest", join(fixtures, "showcases/copy-source.zip"), "--apprentice", "A2", "--name", "Jo Bloggs", "-q"]);
run(["ingest", join(fixtures, "showcases/copy-30-percent.zip"), "--apprentice", "A4", "--name", "Ali Khan", "-q"]);
const accounts = [
  ["app3", "apprentice", "A3"], ["ass1", "assessor", ""], ["iqa1", "iqa", ""], ["admin1", "admin", ""],
];
for (const [name, role, apprentice] of accounts) {
  run(["user", "add", name, "--role", role, ...(apprentice ? ["--apprentice", apprentice] : []), "--password-stdin"],
    password(name) + "\n");
}
run(["user", "assign", "ass1", "--apprentice", "A1"]);
run(["user", "assign", "ass1", "--apprentice", "A3"]);

// The server, on any free port.
const server = spawn(evidex, ["--store", store, "serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
let serverLog = "";
server.stderr.on("data", (d) => { serverLog += d; });
const base = await new Promise((resolveBase, reject) => {
  let out = "";
  const timer = setTimeout(() => reject(new Error("evidex serve did not start: " + serverLog)), 30000);
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
    if (m) { clearTimeout(timer); resolveBase(m[1]); }
  });
  server.on("exit", (code) => reject(new Error(`evidex serve exited (${code}): ${serverLog}`)));
});

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  // Without the networking flags Chromium keeps calling Google's hosts, which this closed network refuses.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});

const results = [];
let failures = 0;
function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

// axe-core on the page as it is: no serious or critical violation of WCAG 2.1 A/AA.
async function accessible(page, name) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag
  // would be refused, as it should be).
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const bad = found.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(bad.length === 0, `${name}: accessibility: ` +
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`).join("; "));
  // The first screenful, as a person arriving at the page sees it.
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function login(page, name) {
  await page.goto(base + "/");
  check(page.url().includes("/login"), "a visitor without a session is sent to /login");
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(password(name));
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForLoadState("load");
  check(!page.url().includes("/login"), `${name} could not log in`);
}

async function journey(name, steps) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Script errors and CSP violations; a refused login (401) is an expected answer, not an error.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("response", (r) => {
    if (r.status() === 404 || r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
  const started = Date.now();
  try {
    await steps(page);
    // A CSP violation or a script error shows up here.
    check(errors.length === 0, "browser errors: " + errors.join("; "));
    results.push(`ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failures++;
    results.push(`FAIL  ${name}: ${e.message}`);
    await page.screenshot({ path: join(shots, `failed-${name}.png`), fullPage: true }).catch(() => {});
  } finally {
    await context.close();
  }
}

await journey("login page", async (page) => {
  await page.goto(base + "/login");
  await accessible(page, "login");
  await page.getByLabel("User name").fill("app3");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  check((await page.getByRole("alert").textContent()).includes("do not match"), "a wrong password is refused in words");
});

await journey("apprentice uploads a showcase, sees gaps, accepts a suggestion", async (page) => {
  await login(page, "app3");
  check(page.url().endsWith("/apprentices/A3"), "the apprentice lands on their own page");
  check((await page.textContent("main")).includes("No evidence has been uploaded yet"), "an empty portfolio says so");
  await accessible(page, "apprentice-empty");
  await page.setInputFiles("#bundle", join(fixtures, "showcases/checklist-names-all.zip"));
  // The upload's progress, then the ingest's, then the page reloads itself with the results.
  const reloaded = page.waitForEvent("load", { timeout: 120000 });
  await page.getByRole("button", { name: "Upload" }).click();
  await page.locator("[data-progress]").waitFor({ state: "visible" });
  const statuses = new Set();
  const watch = setInterval(async () => {
    statuses.add(await page.locator("[data-progress-status]").textContent().catch(() => ""));
  }, 50);
  await reloaded;
  clearInterval(watch);
  check([...statuses].some((s) => /Done:|Reading items|sent|Almost done/.test(s)),
    "progress was shown: " + [...statuses].join(" | "));
  await page.locator("#matrix").waitFor();
  const gapsBefore = await page.locator("tr.gap").count();
  check(gapsBefore > 0, "gaps are shown");
  check((await page.textContent(".lead")).includes("Not ready"), "the verdict says not ready");
  await accessible(page, "apprentice-coverage");
  // A suggestion for a criterion that is a gap: accepting it covers the criterion.
  const gapRefs = await page.locator("tr.gap th").allTextContents();
  const rows = page.locator("table.suggestions tbody tr");
  let accepted = null;
  for (let i = 0; i < await rows.count(); i++) {
    const ref = (await rows.nth(i).locator("td").first().textContent()).trim();
    if (gapRefs.some((g) => g.trim().startsWith(ref))) {
      accepted = ref;
      await rows.nth(i).getByRole("button", { name: /^Accept/ }).click();
      break;
    }
  }
  check(accepted, "a suggestion covers one of the gaps");
  await page.waitForLoadState("load");
  const row = page.locator("tr", { has: page.locator(`th:text-is("${accepted}")`) }).first();
  check(await row.evaluate((tr) => tr.classList.contains("covered")), `${accepted} is covered after accepting`);
  check(await page.locator("tr.gap").count() === gapsBefore - 1, "one gap fewer");
});

await journey("assessor searches, opens the PDF at the page, tags it", async (page) => {
  await login(page, "ass1");
  check(page.url().endsWith("/apprentices"), "the assessor lands on their apprentices");
  const listed = await page.locator("table.apprentices tbody tr").allTextContents();
  check(listed.some((r) => r.includes("A1")) && !listed.some((r) => r.includes("A2")), "only assigned apprentices are listed");
  await accessible(page, "assessor-apprentices");
  await page.getByRole("link", { name: "Search" }).click();
  await page.getByLabel("Search the evidence").fill('"personal development plan"');
  await page.getByRole("button", { name: "Search" }).click();
  await page.locator("ol.hits li").first().waitFor();
  check(await page.locator("ol.hits mark").count() > 0, "snippets mark the matches");
  await accessible(page, "assessor-search");
  const hit = page.locator("ol.hits li", { has: page.locator(".page", { hasText: "page 2" }) }).first();
  check(await hit.count() === 1, "the hit on the PDF's second page names its page");
  const pageNumber = (await hit.locator(".page").textContent()).replace(/\D/g, "");
  await hit.locator("a").first().click();
  await page.waitForLoadState("load");
  const src = await page.locator("iframe.pdf").getAttribute("src");
  check(src.endsWith(`#page=${pageNumber}`), `the PDF opens at page ${pageNumber}: ${src}`);
  const pdf = await page.request.get(base + src.split("#")[0]);
  check(pdf.status() === 200 && pdf.headers()["content-type"] === "application/pdf", "the PDF is served to the viewer");
  await accessible(page, "item-pdf");
  await page.getByLabel("Tag with criterion").fill("2K2");
  await page.getByLabel("Note").fill("brand promise on page " + pageNumber);
  await page.getByRole("button", { name: "Tag", exact: true }).click();
  await page.waitForLoadState("load");
  const tags = await page.locator("ul.tags").textContent();
  check(/2K2\s+manual/.test(tags), "the tag is shown as a person's: " + tags);
  check(tags.includes("ass1"), "under the assessor's name: " + tags);
});

await journey("IQA lead draws a sample and exports it", async (page) => {
  await login(page, "iqa1");
  await page.getByRole("link", { name: "Sample" }).click();
  await page.getByLabel("Rate (0 to 1)").fill("0.5");
  await page.getByLabel("Seed").fill("20261202");
  await page.getByRole("button", { name: "Draw" }).click();
  await page.locator("table.sample tbody tr").first().waitFor();
  const reasons = await page.locator("table.sample tbody td ul li").allTextContents();
  check(reasons.length > 0, "each pick has its reasons");
  await accessible(page, "iqa-sample");
  const [download] = await Promise.all([page.waitForEvent("download"),
    page.getByRole("link", { name: "Export as CSV" }).click()]);
  const csv = readFileSync(await download.path(), "utf8");
  check(csv.split("\n")[0].includes("apprentice"), "the CSV has its header: " + csv.split("\n")[0]);
  check(csv.trim().split("\n").length >= 2, "and the sample's rows");
  // The same rate and seed draw the same sample.
  const again = await page.request.get(base + "/iqa/sample.csv?rate=0.5&seed=20261202");
  check((await again.text()) === csv, "a second draw with the same seed is the same");
  await page.getByRole("link", { name: "Duplicates" }).click();
  await page.locator("section.duplicate").first().waitFor();
  check(await page.locator("section.duplicate mark").count() > 0, "shared passages are marked");
  await accessible(page, "iqa-duplicates");
});

await journey("admin manages users and reads the audit log", async (page) => {
  await login(page, "admin1");
  await page.getByRole("link", { name: "Users" }).click();
  await accessible(page, "admin-users");
  await page.getByLabel("User name").fill("ass2");
  await page.getByLabel("Role", { exact: true }).selectOption("assessor");
  await page.getByLabel("Password (at least 10 characters)").fill("password-ass2-long");
  await page.getByRole("button", { name: "Add" }).click();
  await page.waitForLoadState("load");
  check((await page.textContent("main")).includes("Added ass2"), "the new user is confirmed");
  await page.getByRole("link", { name: "Audit log" }).click();
  const log = await page.textContent("table.audit");
  check(log.includes("tag") && log.includes("ass1"), "the assessor's tag is in the audit log");
  check(log.includes("sample.export"), "the IQA export is in the audit log");
  await accessible(page, "admin-audit");
  await page.goto(base + "/apprentices/A1");
  await page.getByRole("link", { name: "Printable report" }).click();
  await page.waitForLoadState("load");
  check((await page.title()).includes("A1") || (await page.textContent("body")).includes("Sam Patel"),
    "the printable report is the apprentice's");
  await accessible(page, "report");
});

await browser.close();
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
for (const line of results) {
  console.log(line);
}
console.log(`screenshots: ${shots}`);
if (failures) {
  console.log("server log:\n" + serverLog);
}
if (!screenshots) {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
