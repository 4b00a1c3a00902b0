// The places of a whole département (made by `maillage init`, with every
// commune and postal code): its many « Saint-… » communes overflow the
// « sa » vocabulary shard, that « santé » and « social » fetch, and go to
// place files (l/st-XX.json, src/search.c); the other places stay in
// their shards (a place file is one more request for every word of the
// shard: only a national directory's are worth it). Every place must still
// be found, by the query and by the type-ahead.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { core, diskSearch } = require('./lib.js');
const { serve, browser } = require('./serve.js');

function initSite() {
  const d = process.env.SEARCH_SITE_INIT;
  if (!d || !fs.existsSync(path.join(d, 'recherche/idx/manifest.json')))
    throw new Error('SEARCH_SITE_INIT must name the site of a département ' +
        'made by maillage init (run tests/t-search.sh)');
  return d;
}

const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

// Every place stored: [{words, codes, nom, file}].
function storedPlaces(idx) {
  const out = [];
  for (const dir of ['v', 'l'])
    for (const f of fs.readdirSync(path.join(idx, dir)))
      for (const r of read(path.join(idx, dir, f)).pl || [])
        out.push({ words: r[0], codes: r[1], nom: r[2], file: dir + '/' + f });
  return out;
}

test('many places leave their shard for place files, all listed', () => {
  const idx = path.join(initSite(), 'recherche/idx');
  const m = read(path.join(idx, 'manifest.json'));
  // Groups PREFIX:LAST (sa:ir = sai sar).
  const keys = m.lk.split(' ').flatMap((g) => {
    const at = g.lastIndexOf(':');
    return [...g.slice(at + 1)].map((c) => g.slice(0, at) + c);
  });
  assert.equal(new Set(keys).size, keys.length, m.lk);
  const files = fs.readdirSync(path.join(idx, 'l')).map((f) => f.replace(/\.json$/, ''));
  assert.deepEqual([...files].sort(), [...keys].sort());
  assert.ok(keys.includes('st-am'), m.lk);
  assert.deepEqual(keys.filter((k) => !k.startsWith('st-')), [], m.lk);
  // The « sa » shard keeps no « Saint-… » commune; the postal codes stay
  // in theirs.
  const sa = path.join(idx, 'v/sa.json');
  if (fs.existsSync(sa))
    assert.ok(!(read(sa).pl || []).some((r) => /^sainte? /.test(r[0])));
  assert.ok((read(path.join(idx, 'v/58.json')).pl || []).some((r) => r[0] === '58500'));
});

test('every place of the département is found by its name', async () => {
  const idx = path.join(initSite(), 'recherche/idx');
  const places = storedPlaces(idx);
  assert.ok(places.length > 300, String(places.length));
  assert.ok(places.filter((p) => p.file.startsWith('l/')).length > 40);
  const s = diskSearch(initSite());
  for (const p of places) {
    // As a person writes it: « St-Saulge », the name with its accents.
    const q = p.words.replace(/^saint /, 'st ');
    const r = await s.query(q, {}, { prefix: false });
    assert.ok(r.place, `${q} (${p.file})`);
    assert.equal(r.place.words.join(' ').replace(/^st /, 'saint '), p.words, q);
    // The type-ahead, from the first letters of the last word.
    const ws = p.words.split(' ');
    const typed = ws.slice(0, -1).concat(ws[ws.length - 1].slice(0, 3)).join(' ');
    if (typed.length >= 3 && !/^saint \w{0,1}$/.test(typed)) {
      const got = await s.places(typed, 1000);
      assert.ok(got.some((x) => x.codes === p.codes), `${typed} → ${p.nom}`);
    }
  }
});

test('a query reads the place files it needs, not every one', async () => {
  const s = diskSearch(initSite());
  const r = await s.query('aide à domicile st saulge', {}, { prefix: false });
  assert.equal(r.place && r.place.nom, 'Saint-Saulge');
  assert.ok(s.stats.files < 12, JSON.stringify(s.stats));
});

// Over the limit (lowered by tests/t-search.sh), the territory filter lists
// no commune: the page says to name it in the query; a link that filters
// on a commune still does.
test('the filter without its communes, and a link to a commune', async () => {
  const site = initSite();
  const html = fs.readFileSync(path.join(site, 'recherche/index.html'), 'utf8');
  assert.ok(!html.includes('<optgroup label="Communes">'));
  assert.ok(html.includes('<optgroup label="Intercommunalités">'));
  assert.match(html, /id="f-territoire-aide">Pour une commune, écrivez son nom/);
  const f = read(path.join(site, 'recherche/idx/f/t/58079.json'));
  const want = new Set([...core.decodeDocs(f[0], false).docs,
    ...core.decodeDocs(f[1] || '', false).docs]).size;
  const srv = await serve(site);
  const br = await browser();
  try {
    const page = await (await br.newContext()).newPage();
    await page.goto(srv.url + 'recherche/?territoire=58079');
    await page.waitForSelector('#resultats[data-resultats]');
    const got = await page.evaluate(() => ({
      value: document.getElementById('f-territoire').value,
      total: +document.getElementById('resultats').getAttribute('data-resultats'),
    }));
    assert.equal(got.value, '58079');
    assert.equal(got.total, want);
  } finally {
    await br.close();
    srv.stop();
  }
});
