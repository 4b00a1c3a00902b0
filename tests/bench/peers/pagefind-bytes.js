// The Pagefind peer of tests/search/bytes.js: bytes a visitor downloads,
// and time, for one cold Pagefind query showing the top 10 results, in
// headless Chromium with a fresh context per query.
// Usage: node pagefind-bytes.js HUGO_PUBLIC_DIR "query" ...
// (NODE_PATH must reach playwright-core; the site is served on a free port.)
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { serve, browser } = require(path.join(__dirname, '../../search/serve.js'));

(async () => {
  const [dir, ...queries] = process.argv.slice(2);
  fs.mkdirSync(path.join(dir, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bench', 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>bench</title><div id="out"></div>\n');
  const srv = await serve(dir);
  const br = await browser();
  let failed = 0;
  try {
    for (const q of queries) {
      const ctx = await br.newContext();
      const page = await ctx.newPage();
      let bytes = 0, files = 0;
      page.on('response', async (r) => {
        try { bytes += (await r.body()).length; files++; } catch (e) { /* redirect */ }
      });
      await page.goto(srv.url + 'bench/index.html');
      await page.waitForLoadState('networkidle');
      const base = bytes, baseFiles = files;
      const res = await page.evaluate(async (query) => {
        const t0 = performance.now();
        const pf = await import('/pagefind/pagefind.js');
        await pf.init();
        const r = await pf.search(query);
        const d = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
        return { ms: performance.now() - t0, n: r.results.length,
          first: d[0] ? d[0].meta.title : null };
      }, q);
      await page.waitForLoadState('networkidle');
      if (!res.n) failed++;
      console.log(JSON.stringify({ q, kb: ((bytes - base) / 1024).toFixed(1),
        files: files - baseFiles, ms: res.ms.toFixed(0), results: res.n, first: res.first }));
      await ctx.close();
    }
  } finally {
    await br.close();
    srv.stop();
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
