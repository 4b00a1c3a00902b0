// Tests of the search index of the sample content, through the same
// runtime code as the browser (templates/assets/search.js).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { core, siteDir, diskSearch, ids, allFiles, contactsPro } =
    require('./lib.js');

const HOME_HELP = ['saad-domicile-nievre', 'saad-amognes-loire',
  'ssiad-nevers', 'ssiad-morvan'];
const site = siteDir();
const idx = path.join(site, 'recherche/idx');

test('words are split and folded like src/fold.c', () => {
  const f = process.env.SEARCH_FOLD;
  assert.ok(f && fs.existsSync(f), 'SEARCH_FOLD names the C folding table');
  const t = JSON.parse(fs.readFileSync(f, 'utf8'));
  for (const [cp, want] of t.chars)
    assert.equal(core.words(String.fromCodePoint(cp)).join(' '), want,
        `U+${cp.toString(16)}`);
  for (const [s, want] of t.sentences)
    assert.equal(core.words(s).join(' '), want, s);
  assert.deepEqual(core.words("L'aide à domicile"), ['l', 'aide', 'a', 'domicile']);
  // Decomposed input (NFD) folds like composed input.
  assert.deepEqual(core.words('e\u0301te\u0301'), ['ete']);
});

test('document lists decode', () => {
  const d = core.decodeDocs('AgBh', true);
  assert.deepEqual([...d.docs], [0, 2]);
  assert.deepEqual([...d.q], [32, 33]);
  assert.deepEqual([...core.decodeDocs('', false).docs], []);
  // 33 = gap 1 + 32: two characters (1 | 32 continuation, then 1).
  assert.deepEqual([...core.decodeDocs('hBA', false).docs], [33, 34]);
});

test('counts are written as French writes them', () => {
  assert.equal(core.plural(1, 'résultat', 'résultats'), '1\u00a0résultat');
  assert.equal(core.plural(999, 'résultat', 'résultats'), '999\u00a0résultats');
  assert.equal(core.plural(7090, 'résultat', 'résultats'), '7\u202f090\u00a0résultats');
  assert.equal(core.plural(1234567, 'a', 'b'), '1\u202f234\u202f567\u00a0b');
});

test('one edit', () => {
  assert.ok(core.withinOne('domicille', 'domicile'));
  assert.ok(core.withinOne('domcile', 'domicile'));
  assert.ok(core.withinOne('dmoicile', 'domicile'));
  assert.ok(core.withinOne('domocile', 'domicile'));
  assert.ok(!core.withinOne('domocille', 'domicile'));
  assert.ok(!core.withinOne('aide', 'aidant'));
});

test('"aide a domicile" finds home help', async () => {
  const s = diskSearch(site);
  const top = await ids(s, 'aide a domicile', {}, 5);
  assert.ok(top.some((id) => HOME_HELP.includes(id)), top.join(' '));
  assert.equal(top[0], 'saad-domicile-nievre', top.join(' '));
  // Accents and case do not matter.
  assert.deepEqual(await ids(s, 'AIDE À DOMICILE', {}, 5), top);
});

test('"alzheimer" finds the services that list that need', async () => {
  const s = diskSearch(site);
  const need = core.decodeDocs(JSON.parse(fs.readFileSync(
      path.join(idx, 'f/b/alzheimer-memoire.json'), 'utf8')), false).docs;
  assert.ok(need.length >= 8, `${need.length} sheets with the need`);
  const r = await s.query('alzheimer', {});
  for (const d of need)
    assert.ok(r.docs.includes(d), `document ${d} of the need is missing`);
  // Those with the need come first.
  const first = r.docs.slice(0, need.length);
  assert.ok(first.filter((d) => need.includes(d)).length >= need.length - 2);
});

test('"CLIC" and its long form give the same first result', async () => {
  const s = diskSearch(site);
  const a = await ids(s, 'CLIC', {}, 5);
  const b = await ids(s, "centre local d'information et de coordination", {}, 5);
  const c = await ids(s, 'Centre local d’information et de coordination gérontologique', {}, 5);
  assert.match(a[0], /^clic-/);
  assert.equal(b[0], a[0]);
  assert.equal(c[0], a[0]);
  assert.deepEqual(b, a);
  // The closed CLIC is not a result.
  assert.ok(!(await ids(s, 'clic loire allier', {}, 50)).includes('clic-loire-allier'));
});

test('"domicille" (one typo) still finds home help', async () => {
  const s = diskSearch(site);
  const top = await ids(s, 'domicille', {}, 5);
  assert.ok(top.some((id) => HOME_HELP.includes(id)), top.join(' '));
  for (const q of ['aide a domicille', 'dmoicile', 'domcile'])
    assert.ok((await ids(s, q, {}, 5)).some((id) => HOME_HELP.includes(id)), q);
  // No typo tolerated under 5 letters.
  assert.equal((await s.query('aidr', {}, { prefix: false })).total, 0);
});

test('prefixes match as you type', async () => {
  const s = diskSearch(site);
  const top = await ids(s, 'aide a domic', {}, 5);
  assert.ok(top.some((id) => HOME_HELP.includes(id)), top.join(' '));
  assert.ok((await s.query('alzh', {})).total >= 8);
  // A finished word (followed by a space) is not a prefix.
  assert.equal((await s.query('alzh ', {})).total, 0);
});

test('a commune keeps the services that cover it from any level', async () => {
  const s = diskSearch(site);
  const r = await s.query('aide', { territoire: '58010' });
  const m = await s.meta(r.docs);
  const got = m.map((x) => x.id);
  assert.ok(got.includes('dac-58') || got.includes('saad-domicile-nievre'),
      got.join(' '));
  // Services of other places are filtered out.
  assert.ok(!got.includes('saad-amognes-loire'), got.join(' '));
  assert.ok(!got.includes('ccas-nevers'), got.join(' '));
  const all = (await s.query('aide', {})).total;
  assert.ok(r.total < all, `${r.total} < ${all}`);
});

test('filters alone list their sheets, each once', async () => {
  const s = diskSearch(site);
  const r = await s.query('', { besoin: 'alzheimer-memoire' });
  assert.ok(r.total >= 8 && !r.empty);
  // Same tie-breaks as a query (public services first), no duplicates.
  assert.equal(new Set(r.docs).size, r.docs.length);
  const t = await ids(s, '', { type: 'clic' }, 10);
  assert.deepEqual(t.sort(), ['clic-haut-nivernais', 'clic-morvan',
    'clic-nevers-agglo']);
  const both = await s.query('', { type: 'clic', territoire: '58010' });
  assert.equal(both.total, 1);
  assert.ok((await s.query('', {})).empty);
  assert.equal((await s.query('', { territoire: 'nulle-part' })).total, 0);
  assert.equal((await s.query('', { public: '../../etc' })).total, 0);
});

test('matched words are highlighted', async () => {
  const s = diskSearch(site);
  const r = await s.query('aide a domicile', {});
  const [m] = await s.meta(r.docs.slice(0, 1));
  assert.equal(core.highlight(m.nom, r.match),
      '<mark>Domicile</mark> Nièvre, service d&#39;<mark>aide</mark> à <mark>domicile</mark>');
  assert.equal(core.highlight('<b>x</b>', r.match), '&lt;b&gt;x&lt;/b&gt;');
  const c = await s.query("centre local d'information et de coordination", {});
  assert.match(core.highlight('CLIC du Morvan', c.match), /<mark>CLIC<\/mark>/);
});

test('a query reads only a few small files', async () => {
  const s = diskSearch(site);
  await ids(s, 'aide a domicile', {}, 10);
  assert.ok(s.stats.files <= 15, `${s.stats.files} files`);
});

test('contacts_pro are in no index file', () => {
  const files = allFiles(idx);
  const contacts = contactsPro();
  assert.ok(contacts.length >= 5, `${contacts.length} contacts_pro in the sample`);
  const text = files.map((f) => f[1]).join('\n');
  const folded = core.fold(text);
  // The public text of the sample, without the contacts_pro lines.
  const pub = core.fold(fs.readdirSync(path.join(__dirname, '../../content/fiches'))
      .map((f) => fs.readFileSync(path.join(__dirname, '../../content/fiches', f), 'utf8')
          .replace(/\ncontacts_pro:\n(?:  - .*\n)+/, '\n')).join('\n'));
  for (const c of contacts) {
    assert.ok(!text.includes(c.nom), c.nom);
    assert.ok(!(' ' + folded + ' ').includes(' ' + core.fold(c.nom) + ' '), c.nom);
    if (c.email) assert.ok(!text.includes(c.email), c.email);
    if (c.telephone) assert.ok(!text.includes(c.telephone), c.telephone);
    // Each word of the name that the public text does not hold.
    for (const w of core.words(c.nom))
      if (!(' ' + pub + ' ').includes(' ' + w + ' '))
        assert.ok(!(' ' + folded + ' ').includes(' ' + w + ' '), `${w} (${c.nom})`);
  }
});

test('the draft appears nowhere in the index', () => {
  for (const [name, text] of allFiles(idx)) {
    assert.ok(!text.includes('cpts-haut-nivernais-morvan'), name);
    assert.ok(!name.includes('cpts-haut-nivernais-morvan'), name);
  }
});

test('a place in the query becomes the territory filter', async () => {
  const s = diskSearch(site);
  const r = await s.query('alzheimer clamecy', {}, { prefix: false });
  assert.equal(r.place && r.place.codes, '58079');
  const got = (await s.meta(r.docs)).map((x) => x.id);
  assert.equal(got[0], 'accueil-de-jour-clamecy', got.join(' '));
  assert.ok(!got.includes('accueil-de-jour-nevers'), got.join(' '));
  // « st » is « saint », hyphens and accents aside; a postal code.
  assert.equal((await s.query('st benin d azy', {})).place.codes, '58232');
  assert.equal((await s.query('CHÂTEAU CHINON', {})).place.codes, '58062');
  const cp = await s.query('58500', {});
  assert.equal(cp.place.kind, 'p');
  assert.ok(cp.place.codes.split(' ').includes('58079'), cp.place.codes);
  // Removed: the words are searched as text.
  const off = await s.query('alzheimer clamecy', {}, { places: false });
  assert.equal(off.place, null);
  assert.ok(off.total > r.total);
  // A chosen territory wins over the words.
  assert.equal((await s.query('clamecy', { territoire: '58194' })).place, null);
  // The type-ahead's places.
  const p = await s.places('clam');
  assert.equal(p[0].codes, '58079');
});

test('the lexicon and the referentials lead somewhere', async () => {
  const s = diskSearch(site);
  for (const [q, want] of [['vieux', 'clic-'], ['ehpad', 'ehpad-'],
    ['perte d\'autonomie', 'clic-'], ['ados', 'mda-58'], ['bébé', 'pmi-']]) {
    const top = await ids(s, q, {}, 3);
    assert.ok(top.some((id) => id.startsWith(want)), `${q}: ${top.join(' ')}`);
  }
});

test('services for professionals only come after those for the public', async () => {
  const s = diskSearch(site);
  const top = await ids(s, 'santé mentale', {}, 20);
  assert.ok(top.indexOf('clsm-nevers') > top.indexOf('cmp-adultes-nevers'), top.join(' '));
  // Still findable by name.
  assert.equal((await ids(s, 'CLSM', {}, 1))[0], 'clsm-nevers');
});

test('the count says how many match every word', async () => {
  const s = diskSearch(site);
  const r = await s.query('alzheimer caen', {}, { prefix: false });
  assert.equal(r.words, 2);
  assert.equal(r.full, 0);
  assert.ok(r.total > 0);
  const both = await s.query('alzheimer nevers', {}, { prefix: false });
  assert.ok(both.place);
});

test('a typo in the first letter, invisible characters', async () => {
  const s = diskSearch(site);
  for (const q of ['qlzheimer', 'lzheimer', 'lazheimer'])
    assert.ok((await ids(s, q, {}, 3)).includes('esa-nevers'), q);
  assert.deepEqual(await ids(s, 'alz\u00adhei\u200bmer', {}, 5),
      await ids(s, 'alzheimer', {}, 5));
  assert.deepEqual(await ids(s, 'E\u0301coute', {}, 5), await ids(s, 'écoute', {}, 5));
});

// A concept's documents are merged at build time (src/search.c
// concept_docs): the same as its targets' facet lists merged, each scored
// 52 × (0.6 + 0.4 × targets holding it / targets).
test('concepts carry their targets\' documents, merged', () => {
  const dirs = { b: 'b', p: 'p', y: 'y' };
  let n = 0, files = 0;
  for (const f of fs.readdirSync(path.join(idx, 'v'))) {
    for (const r of JSON.parse(fs.readFileSync(path.join(idx, 'v', f), 'utf8')).lx || []) {
      const targets = r[1] ? r[1].split(' ') : [];
      if (targets.length === 0) continue;
      const hits = new Map();
      for (const t of targets) {
        const file = path.join(idx, 'f', dirs[t[0]], t.slice(2) + '.json');
        const list = fs.existsSync(file) ?
          core.decodeDocs(JSON.parse(fs.readFileSync(file, 'utf8')), false).docs : [];
        for (const d of list) hits.set(d, (hits.get(d) || 0) + 1);
      }
      let s = r[3];
      if (typeof s === 'number') {
        s = JSON.parse(fs.readFileSync(path.join(idx, 'c', s + '.json'), 'utf8'));
        files++;
      }
      const got = core.decodeDocs(s, true);
      const want = [...hits.keys()].sort((a, b) => a - b);
      assert.deepEqual([...got.docs], want, r[0]);
      assert.deepEqual([...got.q], want.map((d) =>
        Math.round(52 * (0.6 + 0.4 * hits.get(d) / targets.length))), r[0]);
      n++;
    }
  }
  assert.ok(n > 20, `${n} concepts, ${files} in files`);
});
