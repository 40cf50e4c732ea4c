// Drives the embedded GraphiQL playground in headless Chromium and checks what a
// person sees on it:
//
//   - the page opens with the example tab (ThailandMatches) and, on a demo
//     server, the tab that signs in as the demo buyer (DemoBuyerLogIn);
//   - the docs panel lists the fields of Query (so introspection works);
//   - typing `{ mat` in a new tab suggests `matches` (autocompletion);
//   - the example tab runs and its response pane shows FULL matches;
//   - the demo tab's instructions work: its log-in gives a token, the headers
//     editor starts empty, and with the token pasted there as
//     {"Authorization": "Bearer …"} its Me query answers as the buyer;
//   - a subscription opens the page's websocket to its own host and answers;
//   - the Explorer plugin opens and lists the root fields;
//   - no request leaves the server's origin: every request the page makes is
//     recorded, and one to another origin is refused and fails the test; the
//     page's Content-Security-Policy itself refuses a fetch to another origin;
//   - with EXPORTIVA_TRUSTED_DOCUMENTS (the manifest the server was started
//     with), a document sent by its id alone answers.
//
// It saves screenshots under e2e/out/ (ignored by git): graphiql.png (docs panel
// and the example's answer) and explorer.png (the Explorer on the example tab).
//
//   EXPORTIVA_URL=http://127.0.0.1:8080 node e2e/graphiql.mjs
//   EXPORTIVA_DEMO=0 for a server started without --demo.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const base = process.env.EXPORTIVA_URL ?? "http://127.0.0.1:8080";
const origin = new URL(base).origin;
const demo = process.env.EXPORTIVA_DEMO !== "0";
const manifest = process.env.EXPORTIVA_TRUSTED_DOCUMENTS ?? "";
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const outDir = fileURLToPath(new URL("./out/", import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) if (f.startsWith("failed-")) rmSync(outDir + f);

const failures = [];
const requests = [];
const passed = [];
let page;
/** Runs one check; a failure is recorded with its name and a screenshot, and the run goes on. */
async function check(name, fn) {
  try {
    await fn();
    passed.push(name);
  } catch (err) {
    const shot = `${outDir}failed-${passed.length + failures.length + 1}.png`;
    await page?.screenshot({ path: shot }).catch(() => {});
    failures.push(`${name}: ${err instanceof Error ? err.message.split("\n")[0] : err} (see ${shot})`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
/** A value shortened for a message. */
function short(v) {
  return String(JSON.stringify(v)).slice(0, 300);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  // Every request of the page, its workers and its websockets is recorded; one for
  // another origin is refused.
  await context.route("**/*", (route) => {
    if (sameOrigin(route.request().url())) return route.continue();
    return route.abort();
  });
  context.on("request", (req) => requests.push(req.url()));
  page = await context.newPage();
  page.on("websocket", (ws) => requests.push(ws.url()));
  page.on("pageerror", (err) => failures.push(`page error: ${err.message}`));
  // The probe below is refused on purpose; the browser reports that on the console.
  const probe = "https://cdn.jsdelivr.net/npm/graphiql/package.json";
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().includes(probe)) failures.push(`console error: ${msg.text()}`);
  });

  await page.goto(base + "/", { waitUntil: "networkidle" });
  const tabs = page.locator(".graphiql-tab");
  await tabs.first().waitFor({ timeout: 15000 });

  /** The text of the response pane, as its editor holds it (all of it, not only the lines on screen). */
  const responseText = () =>
    page.locator(".graphiql-response .CodeMirror").first().evaluate((el) => el.CodeMirror.getValue());
  /**
   * Runs an operation of the open tab and returns the response pane's JSON. Right
   * after a tab switch GraphiQL now and then ignores a click on ▶, or runs it with
   * the operation list of the tab before (a single operation, so no menu and the
   * wrong operationName: about one run in three here). Like a person, the test
   * tries again until the request for this operation goes out.
   */
  async function run(operation, several) {
    const wanted = (r) => {
      if (r.method() !== "POST" || new URL(r.url()).pathname !== "/query") return false;
      try {
        return JSON.parse(r.postData() ?? "{}").operationName === operation || !several;
      } catch {
        return false;
      }
    };
    for (let attempt = 1; ; attempt++) {
      const before = await responseText().catch(() => "");
      const sent = page.waitForRequest(wanted, { timeout: 5000 });
      await page.locator(".graphiql-execute-button").click();
      if (several) {
        const item = page.getByRole("menuitem", { name: operation, exact: true });
        if (await item.waitFor({ timeout: 3000 }).then(() => true, () => false)) await item.click();
      }
      const request = await sent.catch(() => null);
      if (request) {
        await request.response();
        await page.waitForFunction(
          (prev) => {
            const v = document.querySelector(".graphiql-response .CodeMirror")?.CodeMirror?.getValue() ?? "";
            return v !== "" && v !== prev;
          },
          before,
          { timeout: 30000 },
        );
        return JSON.parse(await responseText());
      }
      if (attempt === 3) throw new Error(`▶ sent no request for ${operation} after ${attempt} clicks`);
      await page.keyboard.press("Escape"); // a menu left open
      await page.waitForTimeout(500);
    }
  }
  async function openTab(name) {
    await page.locator(".graphiql-tab", { hasText: name }).locator("button.graphiql-tab-button").click();
    await page.locator(".graphiql-tab-active", { hasText: name }).waitFor({ timeout: 5000 });
    await page.locator(".graphiql-query-editor", { hasText: name }).waitFor({ timeout: 5000 }); // its text is in the editor
  }

  await check("the playground opens with its tabs", async () => {
    const names = (await tabs.allInnerTexts()).map((t) => t.trim());
    const want = demo ? ["ThailandMatches", "DemoBuyerLogIn"] : ["ThailandMatches"];
    assert(JSON.stringify(names) === JSON.stringify(want), `tabs are ${JSON.stringify(names)}, want ${JSON.stringify(want)}`);
  });

  await check("the docs panel lists the fields of Query", async () => {
    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.locator(".graphiql-doc-explorer-type-name", { hasText: /^Query$/ }).or(docs.locator(".graphiql-doc-explorer-error"))
      .first().waitFor({ timeout: 15000 });
    const error = await docs.locator(".graphiql-doc-explorer-error").allInnerTexts();
    assert(error.length === 0, `the docs panel says: ${error.join(" ").slice(0, 200)}`);
    await docs.locator(".graphiql-doc-explorer-type-name", { hasText: /^Query$/ }).first().click();
    await docs.locator(".graphiql-doc-explorer-title", { hasText: /^Query$/ }).waitFor({ timeout: 5000 });
    const fields = await docs.locator(".graphiql-doc-explorer-field-name").allInnerTexts();
    for (const f of ["matches", "products", "producers", "buyRequests", "viewer"]) {
      assert(fields.includes(f), `Query's fields in the docs panel lack ${f}: ${fields.join(", ")}`);
    }
  });

  await check("typing `{ mat` suggests matches", async () => {
    await page.getByRole("button", { name: "New tab" }).click();
    const editor = page.locator(".graphiql-query-editor .CodeMirror").first();
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type("{ mat", { delay: 20 });
    const hint = page.locator(".CodeMirror-hints .CodeMirror-hint", { hasText: /^matches$/ });
    await hint.waitFor({ timeout: 10000 });
    await page.keyboard.press("Escape");
    await page.locator(".graphiql-tab-active").getByRole("button", { name: "Close Tab" }).click();
  });

  await check("the example tab runs and shows FULL matches", async () => {
    await openTab("ThailandMatches");
    const body = await run("ThailandMatches", false);
    assert(!body.errors, `errors: ${short(body.errors)}`);
    const edges = body.data?.matches?.edges ?? [];
    assert(edges.length > 0 && edges.every((e) => e.node.fit === "FULL"), `not all FULL: ${JSON.stringify(edges.map((e) => e.node.fit))}`);
    assert(body.data.matches.totalCount >= edges.length, "totalCount below the page");
    await page.locator(".graphiql-response", { hasText: '"fit": "FULL"' }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: outDir + "graphiql.png" });
  });

  if (demo) {
    await check("the demo tab signs in and its token in the headers makes Me the buyer", async () => {
      await openTab("DemoBuyerLogIn");
      const headers = page.locator(".graphiql-editor-tool .CodeMirror").last();
      await page.getByRole("button", { name: "Headers", exact: true }).click();
      const preset = await headers.evaluate((el) => el.CodeMirror.getValue());
      assert(preset.trim() === "", `the headers editor is pre-filled: ${preset}`);
      const logIn = await run("DemoBuyerLogIn", true);
      const token = logIn.data?.logIn?.token;
      assert(typeof token === "string" && token.length > 10, `no token: ${short(logIn)}`);
      await headers.click();
      await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
      await page.waitForTimeout(300); // the editor passes its text on after a short pause
      const me = await run("Me", true);
      assert(me.data?.viewer?.role === "BUYER", `Me is not the buyer: ${short(me)}`);
      assert(me.data.viewer.buyer?.company === "Siam Ocean Foods Co., Ltd.", `buyer: ${JSON.stringify(me.data.viewer.buyer)}`);
    });
  }

  await check("a subscription runs over the page's own websocket", async () => {
    const opened = page.waitForEvent("websocket", { timeout: 10000 });
    await page.getByRole("button", { name: "New tab" }).click();
    await page.locator(".graphiql-query-editor .CodeMirror").first().click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText("subscription Leads { leadCreated { score } }");
    await page.locator(".graphiql-tab-active", { hasText: "Leads" }).waitFor({ timeout: 5000 }); // the editor's state has it
    await page.locator(".graphiql-execute-button").click();
    const socket = await opened;
    assert(new URL(socket.url()).host === new URL(origin).host, `websocket to ${socket.url()}`);
    // A new tab has no headers: anonymous, the server answers with an error over the socket.
    await page.waitForFunction(() => (document.querySelector(".graphiql-response .CodeMirror")?.CodeMirror?.getValue() ?? "").includes("errors"),
      undefined, { timeout: 10000 });
    await page.locator(".graphiql-tab-active").getByRole("button", { name: "Close Tab" }).click();
  });

  await check("the Explorer plugin opens", async () => {
    await openTab("ThailandMatches");
    await page.getByRole("button", { name: "Show GraphiQL Explorer" }).click();
    const explorer = page.locator(".graphiql-explorer-root");
    await explorer.waitFor({ timeout: 10000 });
    await explorer.getByText("matches", { exact: true }).first().waitFor({ timeout: 10000 });
    await page.screenshot({ path: outDir + "explorer.png" });
  });

  await check("the page's policy refuses other origins", async () => {
    const outcome = await page.evaluate(async (url) => {
      const violation = new Promise((resolve) =>
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true }));
      const fetched = await fetch(url).then(() => "fetched", () => "refused");
      return { fetched, directive: await Promise.race([violation, new Promise((r) => setTimeout(() => r("none"), 2000))]) };
    }, probe);
    assert(outcome.fetched === "refused" && outcome.directive === "connect-src", `a fetch of ${probe}: ${short(outcome)}`);
  });

  if (manifest) {
    await check("a trusted document runs by its id", async () => {
      const docs = JSON.parse(readFileSync(manifest, "utf8"));
      const [id] = Object.entries(docs).find(([, text]) => /\bquery Catalog\b/.test(text)) ?? [];
      assert(id, "the manifest has no Catalog query");
      const body = await page.evaluate(async (documentId) => {
        const res = await fetch("/query", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ documentId, variables: { first: 2 } }),
        });
        return res.json();
      }, id);
      assert(!body.errors && body.data?.products, `by id: ${short(body)}`);
    });
  }
} catch (err) {
  failures.push(String(err));
} finally {
  await browser.close();
}

/** Whether a URL stays on the server: its origin, or a websocket to its host. */
function sameOrigin(url) {
  if (url.startsWith("data:") || url.startsWith("blob:")) return true;
  const u = new URL(url);
  return u.origin === origin || ((u.protocol === "ws:" || u.protocol === "wss:") && u.host === new URL(origin).host);
}
const foreign = requests.filter((u) => !sameOrigin(u));
if (foreign.length) failures.push(`requests left the server's origin:\n  ${[...new Set(foreign)].join("\n  ")}`);
if (requests.length === 0) failures.push("no request recorded");
for (const name of passed) console.log(`ok  ${name}`);
console.log(`${requests.length} requests recorded; screenshots in ${outDir}`);
if (failures.length) {
  console.error(failures.map((f) => `FAIL ${f}`).join("\n"));
  process.exit(1);
}
