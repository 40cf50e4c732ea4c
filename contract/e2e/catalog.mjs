// The buyer's catalog screen in headless Chromium, built from the example
// operations alone: a small page (served on the server's own origin through the
// browser's request routing, nothing is added to the server) sends the
// CatalogPhotos operation of operations/media.graphql and draws one card per
// product with its 160 px thumbnail and its producer's logo, beside a facet
// sidebar from CatalogFacets (operations/buyer-catalog.graphql, prices banded in
// baht) and a search box completed by Suggest. The test checks what a person
// would see:
//
//   - the operation answers without errors and every product of the page has a
//     picture (a demo server draws one for each);
//   - every thumbnail loads (the /media/ route answers with an image), is at
//     most 160 px wide, and is served with immutable caching;
//   - the sidebar lists facets with counts; clicking a value (a product form)
//     filters the grid with the value's own `where` to exactly as many products
//     as it said (up to a page), and the sidebar's total follows;
//   - typing in the search box shows completions of what was typed;
//   - no request leaves the server's origin.
//
// It saves e2e/out/catalog-grid.png (the first page with the sidebar) and
// e2e/out/catalog.png (filtered by a form, with completions open).
//
//   EXPORTIVA_URL=http://127.0.0.1:8080 node e2e/catalog.mjs   (a server started with --demo)
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const base = process.env.EXPORTIVA_URL ?? "http://127.0.0.1:8080";
const origin = new URL(base).origin;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const outDir = fileURLToPath(new URL("./out/", import.meta.url));
mkdirSync(outDir, { recursive: true });
const document = readFileSync(fileURLToPath(new URL("../operations/media.graphql", import.meta.url)), "utf8");
const catalogDocument = readFileSync(fileURLToPath(new URL("../operations/buyer-catalog.graphql", import.meta.url)), "utf8");

const failures = [];
const passed = [];
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// The page: plain DOM, the operation text from the contract, 24 products.
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Catalog</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; background: #f4f6f8; }
  header { padding: 12px 20px; background: #0b4f8a; color: white; font-size: 18px; }
  .layout { display: flex; align-items: flex-start; }
  aside { width: 260px; flex: none; padding: 16px 0 16px 20px; }
  aside h3 { margin: 14px 0 4px; font-size: 13px; color: #0b4f8a; }
  aside button { display: flex; justify-content: space-between; width: 100%; border: 0; background: none; padding: 3px 4px; font: inherit; cursor: pointer; text-align: left; }
  aside button:hover, aside button.on { background: #dde8f3; border-radius: 4px; }
  aside .n { color: #666; }
  #search { width: 240px; padding: 6px; border-radius: 4px; border: 0; margin-left: 20px; }
  #suggestions { position: absolute; top: 44px; left: 270px; background: white; color: #222; list-style: none; margin: 0; padding: 0; box-shadow: 0 2px 6px #0004; }
  #suggestions li { padding: 4px 10px; font-size: 13px; }
  main { flex: 1; display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 14px; padding: 20px; }
  .card { background: white; border-radius: 8px; padding: 10px; box-shadow: 0 1px 3px #0002; }
  .card img.thumb { width: 160px; height: 120px; object-fit: cover; border-radius: 4px; display: block; }
  .card .name { margin-top: 6px; font-weight: 600; min-height: 2.6em; }
  .card .producer { display: flex; align-items: center; gap: 6px; color: #555; font-size: 12px; }
  .card .producer img { width: 24px; height: 24px; }
</style></head>
<body><header>Lamongan export catalog <input id="search" placeholder="Search: tengiri, sepatu…" autocomplete="off"></header>
<ul id="suggestions"></ul>
<div class="layout"><aside id="facets">Loading…</aside><main id="grid">Loading…</main></div>
<script type="module">
  const document_ = ${JSON.stringify(document)};
  const catalog_ = ${JSON.stringify(catalogDocument)};
  const gql = async (query, operationName, variables) => {
    const res = await fetch("/query", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": "en" },
      body: JSON.stringify({ query, operationName, variables }),
    });
    return res.json();
  };
  // The sidebar: every facet with values, each a button that filters by its where.
  const sections = [["forms", "Form"], ["hsHeadings", "HS heading"], ["districts", "District"],
    ["certifications", "Certificate"], ["verified", "Producer"], ["capacityBands", "Capacity"],
    ["priceBands", "Price"], ["destinations", "Shipped to"]];
  window.__facets = [];
  async function sidebar(where) {
    const body = await gql(catalog_, "CatalogFacets", { where, currency: "THB" });
    window.__facets.push(body);
    const aside = document.getElementById("facets");
    aside.textContent = "";
    const total = document.createElement("div");
    total.id = "total";
    total.textContent = body.data.productFacets.totalCount + " products";
    aside.append(total);
    for (const [key, title] of sections) {
      const facet = body.data.productFacets[key];
      if (!facet.values.length) continue;
      const h = document.createElement("h3");
      h.textContent = title;
      aside.append(h);
      for (const v of facet.values) {
        const b = document.createElement("button");
        b.dataset.facet = key;
        b.dataset.value = v.value;
        b.dataset.count = v.count;
        const label = document.createElement("span");
        label.textContent = v.label;
        const n = document.createElement("span");
        n.className = "n";
        n.textContent = v.count;
        b.append(label, n);
        b.onclick = () => show(v.where).then(() => sidebar(v.where)).then(() => { window.__filtered = true; });
        aside.append(b);
      }
    }
  }
  // The search box: completions as the buyer types.
  const box = document.getElementById("search");
  box.oninput = async () => {
    const list = document.getElementById("suggestions");
    if (!box.value.trim()) { list.textContent = ""; return; }
    const body = await gql(catalog_, "Suggest", { prefix: box.value, first: 8 });
    list.textContent = "";
    for (const s of body.data?.suggest ?? []) {
      const li = document.createElement("li");
      li.textContent = s.text + " (" + s.count + ")";
      list.append(li);
    }
    window.__suggested = box.value;
  };
  async function show(where) {
  const body = await gql(document_, "CatalogPhotos", { first: 24, where });
  window.__result = body;
  const grid = document.getElementById("grid");
  grid.textContent = "";
  for (const { node } of body.data?.products?.edges ?? []) {
    const card = document.createElement("div");
    card.className = "card";
    const photo = node.media[0];
    if (photo) {
      const img = new Image();
      img.className = "thumb";
      img.src = photo.thumb;
      img.alt = photo.alt ?? "";
      card.append(img);
    }
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = node.name;
    const producer = document.createElement("div");
    producer.className = "producer";
    if (node.producer.logo) {
      const logo = new Image();
      logo.src = node.producer.logo.thumb;
      logo.alt = node.producer.logo.alt ?? "";
      producer.append(logo);
    }
    producer.append(node.producer.name);
    card.append(name, producer);
    grid.append(card);
  }
  }
  await show(null);
  await sidebar(null);
  window.__rendered = true;
</script></body></html>`;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps"],
});
const requests = [];
const media = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== origin) return route.abort();
    if (url.pathname === "/__catalog") return route.fulfill({ status: 200, contentType: "text/html", body: html });
    return route.continue();
  });
  context.on("request", (req) => requests.push(req.url()));
  context.on("response", (res) => {
    if (new URL(res.url()).pathname.startsWith("/media/")) media.push(res);
  });
  const page = await context.newPage();
  page.on("pageerror", (err) => failures.push(`page error: ${err.message}`));
  await page.goto(base + "/__catalog", { waitUntil: "networkidle" });
  await page.waitForFunction(() => window.__rendered === true, null, { timeout: 20000 });

  try {
    const result = await page.evaluate(() => window.__result);
    assert(!result.errors, `CatalogPhotos answered errors: ${JSON.stringify(result.errors)}`);
    const edges = result.data.products.edges;
    assert(edges.length === 24, `24 products, got ${edges.length}`);
    const without = edges.filter((e) => e.node.media.length === 0).map((e) => e.node.name);
    assert(without.length === 0, `products without a picture: ${without.join(", ")}`);
    passed.push("CatalogPhotos gives every product a picture");
  } catch (err) {
    failures.push(String(err));
  }
  try {
    const thumbs = await page.$$eval("img.thumb", (imgs) =>
      imgs.map((i) => ({ src: i.src, complete: i.complete, w: i.naturalWidth, h: i.naturalHeight })));
    assert(thumbs.length === 24, `24 thumbnails on the page, got ${thumbs.length}`);
    const broken = thumbs.filter((t) => !t.complete || t.w === 0);
    assert(broken.length === 0, `thumbnails that did not load: ${broken.map((t) => t.src).join(", ")}`);
    const wide = thumbs.filter((t) => t.w > 160);
    assert(wide.length === 0, `thumbnails wider than 160 px: ${wide.map((t) => `${t.src} ${t.w}`).join(", ")}`);
    passed.push(`${thumbs.length} thumbnails loaded, each at most 160 px wide`);
    const logos = await page.$$eval(".producer img", (imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length);
    assert(logos === 24, `24 producer logos loaded, got ${logos}`);
    passed.push("every card shows its producer's logo");
    assert(media.length > 0, "no /media/ response seen");
    for (const res of media) {
      assert(res.status() === 200, `${res.url()} answered ${res.status()}`);
      const cc = res.headers()["cache-control"] ?? "";
      assert(cc.includes("immutable"), `${res.url()} Cache-Control: ${cc}`);
      assert((res.headers()["content-type"] ?? "").startsWith("image/"), `${res.url()} is not an image`);
    }
    passed.push(`${media.length} picture responses, all immutable images`);
  } catch (err) {
    failures.push(String(err));
  }
  try {
    // The sidebar: facets with counts, prices banded in baht.
    const initial = await page.evaluate(() => window.__facets[0]);
    assert(!initial.errors, `CatalogFacets answered errors: ${JSON.stringify(initial.errors)}`);
    const buttons = await page.$$eval("aside button", (bs) => bs.map((b) => ({ facet: b.dataset.facet, value: b.dataset.value, count: +b.dataset.count, text: b.textContent })));
    for (const key of ["forms", "districts", "priceBands", "hsHeadings"]) {
      assert(buttons.some((b) => b.facet === key && b.count > 0), `the sidebar shows no ${key}`);
    }
    assert(buttons.some((b) => b.facet === "priceBands" && b.text.includes("THB/kg")), "price bands are not in baht");
    passed.push(`the sidebar shows ${buttons.length} facet values with counts, prices in THB`);
    await page.screenshot({ path: outDir + "catalog-grid.png", fullPage: true });
    // Clicking a form filters the grid with the value's where.
    const pick = buttons.filter((b) => b.facet === "forms").sort((a, b) => a.count - b.count)[0];
    await page.click(`aside button[data-facet="forms"][data-value="${pick.value}"]`);
    await page.waitForFunction(() => window.__filtered === true, null, { timeout: 20000 });
    const after = await page.evaluate(() => ({ result: window.__result, facets: window.__facets.at(-1) }));
    assert(!after.result.errors && !after.facets.errors, `filtering answered errors`);
    const cards = await page.$$eval("#grid .card", (cs) => cs.length);
    assert(cards === Math.min(pick.count, 24), `${pick.value}: ${pick.count} counted, ${cards} cards shown`);
    assert(after.facets.data.productFacets.totalCount === pick.count, `the sidebar's total is ${after.facets.data.productFacets.totalCount}, not ${pick.count}`);
    const forms = after.facets.data.productFacets.forms.values;
    assert(forms.length === 1 && forms[0].value === pick.value, `after the click the forms are ${JSON.stringify(forms)}`);
    passed.push(`clicking "${pick.value}" (${pick.count}) shows ${cards} cards and the sidebar follows`);
    // The search box completes what is typed.
    await page.type("#search", "teng", { delay: 30 });
    await page.waitForFunction(() => window.__suggested === "teng", null, { timeout: 20000 });
    const suggestions = await page.$$eval("#suggestions li", (ls) => ls.map((l) => l.textContent));
    assert(suggestions.length > 0 && suggestions.every((s) => /teng/i.test(s)), `suggestions for "teng": ${JSON.stringify(suggestions)}`);
    passed.push(`typing "teng" suggests ${suggestions.length}: ${suggestions.slice(0, 3).join(", ")}`);
  } catch (err) {
    failures.push(String(err));
  }
  await page.screenshot({ path: outDir + "catalog.png", fullPage: true });
} catch (err) {
  failures.push(String(err));
} finally {
  await browser.close();
}
const foreign = requests.filter((u) => new URL(u).origin !== origin);
if (foreign.length) failures.push(`requests left the server's origin: ${[...new Set(foreign)].join(", ")}`);
for (const name of passed) console.log(`ok  ${name}`);
console.log(`${requests.length} requests recorded; screenshot in ${outDir}catalog.png`);
if (failures.length) {
  console.error(failures.map((f) => `FAIL ${f}`).join("\n"));
  process.exit(1);
}
