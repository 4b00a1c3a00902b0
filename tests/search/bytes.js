// Bytes a visitor downloads, and time, for one cold query showing the top
// 10 results, measured like ../shared/bench/peers/pagefind-bytes.js: in
// headless Chromium, a fresh context (cold cache) per query, counting the
// response bodies.
//   kb, files: assets/search.js and everything under recherche/idx/
//     (manifest, vocabulary shards, postings, metadata): what the search
//     costs; the page itself (HTML, CSS, fonts) is page_kb;
//   first_ms, ms: from the query typed into the loaded /recherche/ page
//     to the first results shown, and to the 10 results (shards,
//     postings and metadata fetched cold);
//   url_ms: a shared link ?q=… opened cold, page included, to the results.
// Each query runs REPEAT times (default 5), each time cold: first_ms and
// ms are the medians, first_all every first_ms measured.
// Usage: node tests/search/bytes.js SITE_DIR|PORT "query" ...
'use strict';
const { serve, browser } = require('./serve.js');

async function measure(br, base, q) {
  const ctx = await br.newContext();
  const page = await ctx.newPage();
  let search = 0, files = 0, other = 0;
  const list = [];
  page.on('response', async (r) => {
    try {
      const b = await r.body();
      const u = r.url();
      if (/\/assets\/search\.js$|\/recherche\/idx\//.test(u)) {
        search += b.length;
        files++;
        list.push(u.replace(base, '') + ' ' + b.length);
      } else {
        other += b.length;
      }
    } catch (e) { /* redirects have no body */ }
  });
  await page.goto(base + 'recherche/');
  await page.waitForSelector('#recherche-form[data-recherche="prete"]');
  await page.waitForLoadState('networkidle');
  const [first, ms] = await page.evaluate((query) => new Promise((resolve) => {
    const box = document.getElementById('resultats');
    const t0 = performance.now();
    let t1 = null;
    const obs = new MutationObserver(() => {
      if (t1 === null && box.querySelector('ol li'))
        t1 = performance.now() - t0;
      if (box.getAttribute('data-resultats') !== null) {
        obs.disconnect();
        resolve([t1 === null ? performance.now() - t0 : t1, performance.now() - t0]);
      }
    });
    obs.observe(box, { childList: true, subtree: true, attributes: true });
    const input = document.getElementById('q');
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), q);
  const r = await page.evaluate(() => ({
    n: +document.getElementById('resultats').getAttribute('data-resultats'),
    shown: document.querySelectorAll('#resultats ol li').length,
    first: (document.querySelector('#resultats ol li a') || {}).textContent,
  }));
  await page.waitForTimeout(300);
  await ctx.close();
  return { search, files, other, first, ms, r, list };
}

async function sharedLink(br, base, q) {
  const ctx = await br.newContext();
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(base + 'recherche/?q=' + encodeURIComponent(q));
  await page.waitForSelector('#resultats[data-resultats]');
  const ms = Date.now() - t0;
  await ctx.close();
  return ms;
}

(async () => {
  const [where, ...queries] = process.argv.slice(2);
  const srv = /^\d+$/.test(where) ?
    { url: `http://127.0.0.1:${where}/`, stop() {} } : await serve(where);
  const br = await browser();
  try {
    await run(br, srv, queries);
  } finally {
    await br.close();
    srv.stop();
  }
})();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function run(br, srv, queries) {
  const repeat = Math.max(1, +(process.env.REPEAT || 5));
  for (const q of queries) {
    const runs = [];
    for (let k = 0; k < repeat; k++)
      runs.push(await measure(br, srv.url, q));
    const m = runs[0];
    const row = { q, kb: (m.search / 1024).toFixed(1), files: m.files,
      first_ms: median(runs.map((x) => x.first)).toFixed(0),
      ms: median(runs.map((x) => x.ms)).toFixed(0),
      first_all: runs.map((x) => Math.round(x.first)),
      results: m.r.n, shown: m.r.shown, first: m.r.first,
      page_kb: (m.other / 1024).toFixed(1),
      url_ms: await sharedLink(br, srv.url, q) };
    if (process.env.BYTES_FILES) row.list = m.list;
    console.log(JSON.stringify(row));
  }
}
