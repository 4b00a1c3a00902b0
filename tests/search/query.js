// Prints the results of queries over a built site's index (development
// tool). Usage: node tests/search/query.js SITE "query" [key=value ...]
'use strict';
const { diskSearch } = require('./lib.js');
(async () => {
  const [site, q, ...rest] = process.argv.slice(2);
  const filters = Object.fromEntries(rest.map((a) => a.split('=')));
  const s = diskSearch(site);
  const t0 = process.hrtime.bigint();
  const r = await s.query(q, filters);
  const m = await s.meta(r.docs.slice(0, 10));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${r.total} résultats, ${s.stats.files} fichiers, ` +
      `${(s.stats.bytes / 1024).toFixed(1)} Ko, ${ms.toFixed(1)} ms`);
  for (const x of m) console.log(`  ${x.id}  ${x.nom}`);
})();
