// The judged query set through the real search page in headless Chromium:
// each query typed into #q of /recherche/, the results read from the page.
// The relevance must not fall under the figures measured when the set
// was written plus the work of issue 11 (see tests/bench/run).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { siteDir } = require('./lib.js');
const { serve, browser } = require('./serve.js');
const { measure, report } = require('./judged.js');

const MIN_MRR = Number(process.env.JUDGED_MIN_MRR || 0.9);
const MIN_RECALL = Number(process.env.JUDGED_MIN_RECALL || 0.9);
let srv, br;

before(async () => {
  srv = await serve(siteDir());
  br = await browser();
});

after(async () => {
  if (br) await br.close();
  if (srv) srv.stop();
});

test('judged queries through the search page: MRR@5 and recall@10', async () => {
  const page = await (await br.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(srv.url + 'recherche/');
  await page.waitForSelector('#recherche-form[data-recherche="prete"]');
  const m = await measure((q) => page.evaluate((query) => new Promise((resolve) => {
    const box = document.getElementById('resultats');
    const input = document.getElementById('q');
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    (function wait() {
      // The page marks the query whose results it shows.
      if (box.getAttribute('data-requete') === query &&
          box.hasAttribute('data-resultats') && !box.hasAttribute('aria-busy'))
        return resolve([...box.querySelectorAll('ol li > a')]
          .map((a) => a.pathname.replace(/^.*\/fiches\/([^/]+)\/$/, '$1')));
      setTimeout(wait, 5);
    })();
  }), q));
  console.log('# ' + report(m));
  for (const x of m.misses)
    console.log(`# manqué : « ${x.q} » → ${x.got.join(' ')}`);
  assert.deepEqual(errors, []);
  assert.equal(m.noneOk, m.nNone, 'queries that must find nothing');
  assert.ok(m.mrr5 >= MIN_MRR, report(m));
  assert.ok(m.recall10 >= MIN_RECALL, report(m));
  await page.context().close();
});
