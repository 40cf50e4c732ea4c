// Drives the embedded GraphiQL page in headless Chromium: it must load with no
// request leaving the server's origin (the page works offline, in a trade office
// with a poor line), and run a query typed into its editor.
//
//   EXPORTIVA_URL=http://127.0.0.1:8080 node e2e/graphiql.mjs
import { chromium } from "playwright-core";

const base = process.env.EXPORTIVA_URL ?? "http://127.0.0.1:8080";
const origin = new URL(base).origin;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const shot = process.env.SCREENSHOT ?? "";

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps"],
});
const failures = [];
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  // Every request is recorded; one for another origin is refused and fails the test.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url.startsWith("data:") || url.startsWith("blob:") || new URL(url).origin === origin) {
      return route.continue();
    }
    failures.push(`request left the server: ${url}`);
    return route.abort();
  });
  page.on("pageerror", (err) => failures.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") failures.push(`console error: ${msg.text()}`);
  });

  await page.goto(base + "/", { waitUntil: "networkidle" });
  const editor = page.locator(".graphiql-query-editor .CodeMirror, .graphiql-query-editor [contenteditable=true], .graphiql-query-editor textarea").first();
  await editor.waitFor({ timeout: 15000 });
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type('{ products(first: 3, where: {hsCodeHasPrefix: "0303"}) { totalCount edges { node { nameEnglish } } } }', { delay: 1 });
  await page.locator(".graphiql-execute-button").click();
  const result = page.locator(".graphiql-response, .result-window").first();
  await result.filter({ hasText: "totalCount" }).waitFor({ timeout: 15000 });
  const text = await result.innerText();
  if (!text.includes('"totalCount"') || text.includes('"errors"')) failures.push(`unexpected result: ${text.slice(0, 400)}`);
  if (shot) await page.screenshot({ path: shot });
  console.log(`GraphiQL loaded with ${requests.length} requests, all to ${origin}; the query answered:`);
  console.log(text.replace(/\s+/g, " ").slice(0, 200));
} catch (err) {
  failures.push(String(err));
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
