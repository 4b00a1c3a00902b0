// Helpers for the search tests: the runtime's core (the same file the
// browser runs) over index files read from disk.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const core = require(path.join(ROOT, 'templates/assets/search.js'));

// The built site: $SEARCH_SITE, made by tests/t-search.sh.
function siteDir() {
  const d = process.env.SEARCH_SITE;
  if (!d || !fs.existsSync(path.join(d, 'recherche/idx/manifest.json')))
    throw new Error('SEARCH_SITE must name a built site with its index ' +
        '(run tests/t-search.sh)');
  return d;
}

// A search over SITE/recherche/idx, counting the files and bytes read.
function diskSearch(site) {
  const idx = path.join(site || siteDir(), 'recherche/idx');
  const stats = { files: 0, bytes: 0 };
  const s = core.createSearch(async (p) => {
    let text;
    try {
      text = await fs.promises.readFile(path.join(idx, p), 'utf8');
    } catch (e) {
      return null;
    }
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
    return JSON.parse(text);
  });
  s.stats = stats;
  return s;
}

// Sheet ids of the top n results of a query.
async function ids(s, q, filters, n) {
  const r = await s.query(q, filters || {});
  const m = await s.meta(r.docs.slice(0, n || 10));
  return m.map((x) => x.id);
}

// Every file under dir, as [relative path, text].
function allFiles(dir) {
  const out = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push([path.relative(dir, p), fs.readFileSync(p, 'utf8')]);
    }
  })(dir);
  return out;
}

// contacts_pro entries of the sample's sheets: [{file, nom, email, telephone}].
function contactsPro() {
  const dir = path.join(ROOT, 'content/fiches');
  const out = [];
  for (const f of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const m = /\ncontacts_pro:\n((?:  - .*\n)+)/.exec(text);
    if (!m) continue;
    for (const line of m[1].split('\n')) {
      const nom = /nom: ([^,}]+)/.exec(line);
      if (!nom) continue;
      const email = /email: ([^,}]+)/.exec(line);
      const tel = /telephone: "([^"]+)"/.exec(line);
      out.push({ file: f, nom: nom[1].trim(), email: email && email[1].trim(),
        telephone: tel && tel[1] });
    }
  }
  return out;
}

module.exports = { ROOT, core, siteDir, diskSearch, ids, allFiles, contactsPro };
