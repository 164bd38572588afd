import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { renderHtml } from "../../src/docs/html/html.js";
import { tableKey } from "../../src/docs/naming.js";
import type { Schema } from "../../src/schema/model.js";
import { generatedSchema } from "./generated-schema.js";

/** The HTML page in Debian's headless Chromium: offline, error-free, complete, searchable. */
let browser: Browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});
after(async () => browser?.close());

interface Loaded {
  page: Page;
  problems: string[];
  requests: string[];
  url: string;
}

async function load(schema: Schema, name: string): Promise<Loaded> {
  const file = join(mkdtempSync(join(tmpdir(), "remodel-html-")), `${name}.html`);
  writeFileSync(file, renderHtml(schema, { title: name }));
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("request", (r) => requests.push(r.url()));
  const url = `file://${file}`;
  // The page must show before the diagrams are drawn (they are drawn one task at a time).
  await page.goto(url, { waitUntil: "load", timeout: 20_000 });
  await page.waitForFunction(() => document.body.dataset.drawn, null, { timeout: 150_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.drawn), "ok", problems.join("\n"));
  return { page, problems, requests, url };
}

async function checkPage(schema: Schema, name: string): Promise<Page> {
  const { page, problems, requests, url } = await load(schema, name);
  const keys = schema.tables.map(tableKey).sort();
  // Listed: one entry per table in the sidebar.
  const listed = await page.$$eval("#table-list li a", (as) => as.map((a) => a.textContent ?? ""));
  assert.deepEqual(listed.sort(), keys);
  // Drawn: an SVG per diagram, and every table's name inside some diagram's SVG.
  const figures = await page.locator("figure.diagram").count();
  assert.ok(figures > 0);
  const canvases = await page.locator("figure.diagram .canvas").count();
  assert.ok(canvases >= figures);
  assert.equal(await page.locator("figure.diagram .canvas > svg").count(), canvases, "every diagram drawn");
  const drawnNames = new Set(
    await page.$$eval("figure.diagram svg .nodeLabel, figure.diagram svg text", (els) =>
      els.map((e) => (e.textContent ?? "").trim()),
    ),
  );
  const missing = keys.filter((k) => !drawnNames.has(k));
  assert.deepEqual(missing, [], "tables not drawn in any diagram");
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [url], "the page makes no request besides itself");
  const ids = await page.$$eval("[id]", (els) => els.map((e) => e.id));
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    "no duplicate ids",
  );
  // Readable when it opens: table names in every domain diagram are at least 12 px high.
  const heights = await page.$$eval("figure.diagram .canvas.main svg", (svgs) =>
    svgs.map((svg) => {
      const label = svg.querySelector(".nodeLabel, text");
      return label ? label.getBoundingClientRect().height : 99;
    }),
  );
  assert.ok(
    heights.every((h) => h >= 12),
    `label heights at the initial zoom: ${heights.map((h) => h.toFixed(1)).join(", ")}`,
  );
  return page;
}

test("the HTML page of a realistic schema loads offline, lists and draws every table, and filters", async () => {
  const schema = JSON.parse(readFileSync(join(process.cwd(), "test/fixtures/docs/shop/schema.json"), "utf8")) as Schema;
  const page = await checkPage(schema, "shop");
  const visible = () => page.$$eval("#table-list li:not([hidden]) a", (as) => as.map((a) => a.textContent));
  await page.fill("#search", "order");
  const mentions = (t: Schema["tables"][number], w: string) =>
    [tableKey(t), t.model ?? "", t.comment ?? "", ...t.columns.map((c) => c.name)].some((x) =>
      x.toLowerCase().includes(w),
    );
  const expected = schema.tables.filter((t) => mentions(t, "order")).map(tableKey);
  assert.deepEqual([...(await visible())].sort(), expected.sort());
  assert.ok(expected.includes("orders") && expected.includes("invoices") && !expected.includes("users"));
  // Ranked: the table named exactly first, then names starting with the query, then the rest.
  const ranked = await visible();
  assert.equal(ranked[0], "orders");
  const firstOther = ranked.findIndex((n) => !n!.startsWith("order"));
  assert.ok(firstOther > 0 && ranked.slice(firstOther).every((n) => !n!.startsWith("order")), ranked.join(" "));
  await page.press("#search", "Enter");
  assert.equal(await page.evaluate(() => location.hash), "#t-orders");
  // Every word must match: tables with both an order and a coupon column or name.
  await page.fill("#search", "order coupon");
  assert.deepEqual(await visible(), ["order_coupons"]);
  assert.equal(await page.textContent("#match-count"), "1 of 48 tables");
  await page.fill("#search", "zzz-nothing");
  assert.deepEqual(await visible(), []);
  assert.equal(await page.locator(".nav-domain:not([hidden])").count(), 0);
  await page.fill("#search", "");
  assert.equal((await visible()).length, 48);
  // A table's box in a diagram links to its details.
  await page.locator("#g-support g.table-node", { hasText: "tickets" }).first().click();
  assert.equal(await page.evaluate(() => location.hash), "#t-tickets");
  // A table's neighbourhood diagram is drawn when opened.
  await page.click("#t-users details.neighbours summary");
  await page.waitForSelector("#t-users details.neighbours svg", { timeout: 30_000 });
  const labels = await page.$$eval(
    "#t-users details.neighbours svg .nodeLabel, #t-users details.neighbours svg text",
    (e) => e.map((x) => x.textContent?.trim()),
  );
  assert.ok(labels.includes("user_profiles") && labels.includes("audit.events"));
  await page.screenshot({ path: join(tmpdir(), "remodel-docs-shop.png") });
  await page.close();
});

test("the HTML page keeps same-named tables of different packages apart: ids, links, Referenced by and search", async () => {
  const schema = JSON.parse(
    readFileSync(join(process.cwd(), "test/fixtures/docs/same-names/schema.json"), "utf8"),
  ) as Schema;
  const { page, problems } = await load(schema, "same-names");
  assert.deepEqual(problems, []);
  const ids = await page.$$eval("[id]", (els) => els.map((e) => e.id));
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    "no duplicate ids",
  );
  const listed = await page.$$eval("#table-list li a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  assert.deepEqual(listed.map((l) => l[0]).sort(), ["invoices", "sessions", "users@auth", "users@billing"]);
  assert.equal(new Set(listed.map((l) => l[1])).size, 4, "one anchor per table");
  // Each users table is referenced by its own package's tables only.
  const referencedBy = (anchor: string) =>
    page.$$eval(`#${anchor} table.referenced-by tbody a`, (as) => as.map((a) => a.textContent));
  const href = (name: string) => listed.find((l) => l[0] === name)![1]!.slice(1);
  assert.deepEqual(await referencedBy(href("users@billing")), ["invoices"]);
  assert.deepEqual(await referencedBy(href("users@auth")), ["sessions"]);
  // One ranking across domains: both users tables (their names start with the query) above the
  // tables that only have a user_id column, whichever domain each is in.
  const shown = async (q: string) => {
    await page.fill("#search", q);
    return page.$$eval("#table-list li:not([hidden]) a", (as) => as.map((a) => a.textContent));
  };
  const user = await shown("user");
  assert.deepEqual(user.slice(0, 2).sort(), ["users@auth", "users@billing"], user.join(" "));
  assert.deepEqual(user.slice(2).sort(), ["invoices", "sessions"]);
  // The bare name is an exact match for both: Enter opens one of them.
  await shown("users");
  await page.press("#search", "Enter");
  assert.match(await page.evaluate(() => location.hash), /^#t-users_(auth|billing)$/);
  // An empty query puts every table back under its domain.
  assert.equal((await shown("")).length, 4);
  assert.equal(await page.locator(".nav-domain:not([hidden]) li").count(), 4);
  await page.close();
});

test("the HTML page of a 250-table schema draws every table across its split diagrams", async () => {
  const page = await checkPage(generatedSchema(), "generated");
  assert.equal(await page.locator("figure.diagram").count(), 6);
  await page.close();
});
