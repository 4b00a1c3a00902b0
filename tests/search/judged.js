// The judged query set (judged.json) and its measures. As a module:
// measure(run) where run(q) resolves to the ids of the results, best
// first; as a command: node tests/search/judged.js SITE [-v] runs the
// set through search.js's core over SITE's index and prints MRR@5 and
// recall@10 (-v: each query that misses).
'use strict';
const path = require('node:path');

const set = require(path.join(__dirname, 'judged.json')).queries;

async function measure(run) {
  let rr = 0, rec = 0, n = 0, noneOk = 0, nNone = 0;
  const misses = [], byKind = {};
  for (const j of set) {
    const got = await run(j.q);
    const k = byKind[j.kind] || (byKind[j.kind] = { rr: 0, n: 0 });
    if (j.none) {
      nNone++;
      if (got.length === 0) noneOk++;
      else misses.push({ q: j.q, got: got.slice(0, 3), want: 'rien' });
      continue;
    }
    const rank = got.slice(0, 5).findIndex((id) => j.expect.includes(id));
    const want = j.expect.slice(0, 3);
    const r = rank >= 0 ? 1 / (rank + 1) : 0;
    // Recall over the expected sheets a top three can hold.
    const top = got.slice(0, 10);
    const hits = j.expect.filter((id) => top.includes(id)).length;
    const recall = Math.min(1, hits / Math.min(3, j.expect.length));
    rr += r;
    rec += recall;
    n++;
    k.rr += r;
    k.n++;
    if (r < 1 || recall < 1)
      misses.push({ q: j.q, got: got.slice(0, 5), want, rank: rank + 1, recall });
  }
  const kinds = Object.fromEntries(Object.entries(byKind).filter(([, v]) => v.n)
      .map(([kd, v]) => [kd, +(v.rr / v.n).toFixed(3)]));
  return { n, mrr5: rr / n, recall10: rec / n, none: `${noneOk}/${nNone}`,
    noneOk, nNone, kinds, misses };
}

function report(m) {
  return `MRR@5 ${m.mrr5.toFixed(3)}, rappel@10 ${m.recall10.toFixed(3)} ` +
      `(${m.n} requêtes jugées ; sans résultat attendu : ${m.none}) ` +
      `— par sorte : ${Object.entries(m.kinds).map(([k, v]) => `${k} ${v}`).join(', ')}`;
}

module.exports = { set, measure, report };

if (require.main === module) {
  const { diskSearch } = require('./lib.js');
  (async () => {
    const site = process.argv[2];
    const s = diskSearch(site);
    const m = await measure(async (q) => {
      const r = await s.query(q, {}, { prefix: false });
      return (await s.meta(r.docs.slice(0, 10))).map((x) => x.id);
    });
    console.log(report(m));
    if (process.argv.includes('-v'))
      for (const x of m.misses)
        console.log(`  « ${x.q} » : ${x.got.join(' ')}  (attendu ${
          Array.isArray(x.want) ? x.want.join(' ') : x.want})`);
  })().catch((e) => { console.error(e); process.exit(2); });
}
