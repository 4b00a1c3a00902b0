/*
 * search.js: maillage's search runtime. No dependency, no build step.
 *
 * The index is precomputed by the build (src/search.c, whose top comment
 * describes the files) under ROOT/recherche/idx/. A query downloads the
 * small manifest, the vocabulary shard of each word (the forms that start
 * with the same two letters, each mapped to its Snowball stem, so that no
 * stemmer is shipped), the postings of the matched stems (inline in the
 * shard when short), the lists of the chosen filters and the metadata of
 * the results shown.
 *
 * Words are split and folded exactly like fold_words() in src/fold.c:
 * lower case, accents and ligatures folded by the same table, anything
 * but letters and digits splits words (apostrophes and hyphens too, so
 * that elisions become stop words), words over 40 characters are dropped.
 * The stop words come from the manifest.
 *
 * Matching: a query word matches its exact form; the last word, while it
 * is typed, also matches the forms it starts (the 4 most frequent stems);
 * a word of 5 letters or more that matches nothing matches the forms at
 * one edit (Damerau) from it, looked up in its own shard and in those of
 * its first letters swapped or dropped (a typo in the first two letters
 * otherwise goes unseen). An acronym's long form in a query (in full, or
 * its first 4 words) is replaced by the acronym. Ranking: documents that
 * match more query words first, then the sum over the words of the best
 * candidate's weight × idf × the precomputed BM25F part.
 *
 * Pages: on the search page (form#recherche-form), results replace the
 * content of #resultats (restored when the query is emptied), their count
 * is announced in #resultats-statut, the URL holds the query and filters
 * (the first keystroke of a search pushes a history entry, the next ones
 * replace it; submitting or filtering pushes one), and the back button
 * restores the previous search. Inputs with [data-typeahead] become an
 * ARIA 1.2 combobox of up to 8 sheets.
 *
 * In node (the tests), require() returns the core: words(), fold(),
 * decodeDocs(), withinOne(), highlight(), and createSearch(load), where
 * load(path) returns a promise of the parsed JSON file or null.
 */
(function () {
	'use strict';

	const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' +
	    '0123456789-_';
	/* Character code → value. */
	const B64V = new Int8Array(128).fill(-1);
	for (let i = 0; i < 64; i++)
		B64V[B64.charCodeAt(i)] = i;

	/* U+00C0..U+017F folded, as in src/fold.c ('.': not a letter). */
	const LATIN = ('a a a a a a ae c e e e e i i i i d n o o o o o . o ' +
	    'u u u u y th ss a a a a a a ae c e e e e i i i i d n o o o o o ' +
	    '. o u u u u y th y a a a a a a c c c c c c c c d d d d e e e e ' +
	    'e e e e e e g g g g g g g g h h h h i i i i i i i i i i ij ij j ' +
	    'j k k k l l l l l l l l l l n n n n n n n n n o o o o o o oe oe ' +
	    'r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u ' +
	    'w w y y y z z z z z z s').split(' ');
	const WORD_MAX = 40;
	const PREFIX_STEMS = 4;	/* stems a word being typed expands to */
	const FUZZY_MIN = 5;	/* letters for one typo to be tolerated */
	const PHRASE_PREFIX = 4;	/* words of a long form that suffice */
	const W_PREFIX = 0.8;	/* weight of completions */
	const W_FUZZY = 0.6;	/* weight of corrections */
	const FILTER_DIRS = { territoire: 't', besoin: 'b', public: 'p',
	    type: 'y' };

	/* The folding of one code point, or null when it splits words. */
	function foldCp(cp) {
		if (cp < 0x80) {
			if (cp >= 65 && cp <= 90)
				return String.fromCharCode(cp + 32);
			if ((cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57))
				return String.fromCharCode(cp);
			return null;
		}
		if (cp >= 0xc0 && cp <= 0x17f && LATIN[cp - 0xc0] !== '.')
			return LATIN[cp - 0xc0];
		return null;
	}

	/*
	 * Calls fn(folded, start, end) for each word of text, start and end
	 * being UTF-16 offsets into text.
	 */
	function eachWord(text, fn) {
		let w = '', start = 0, k = 0;
		while (k <= text.length) {
			const cp = k < text.length ? text.codePointAt(k) : 0;
			const f = k < text.length ? foldCp(cp) : null;
			if (f !== null) {
				if (w === '')
					start = k;
				w += f;
			} else {
				if (w !== '' && w.length <= WORD_MAX)
					fn(w, start, k);
				w = '';
			}
			k += cp > 0xffff ? 2 : 1;
		}
	}

	/* The folded words of text. */
	function words(text) {
		const out = [];
		eachWord(String(text || '').normalize('NFC'),
		    (w) => out.push(w));
		return out;
	}

	function fold(text) {
		return words(text).join(' ');
	}

	/*
	 * Decodes a list of documents (gaps as varints), each followed by a
	 * score character when scores is true: {docs, q} as typed arrays.
	 * This runs over thousands of postings per query: keep it lean.
	 */
	function decodeDocs(s, scores) {
		const len = s.length;
		const docs = new Int32Array(scores ? len >> 1 : len);
		const q = new Uint8Array(scores ? len >> 1 : 0);
		let prev = -1, k = 0, n = 0;
		while (k < len) {
			let v = 0, shift = 0, c;
			do {
				c = B64V[s.charCodeAt(k++) & 127];
				v |= (c & 31) << shift;
				shift += 5;
			} while (c >= 32 && k < len);
			prev += v + 1;
			if (scores)
				q[n] = B64V[s.charCodeAt(k++) & 127];
			docs[n++] = prev;
		}
		return { docs: docs.subarray(0, n), q: q.subarray(0, n) };
	}

	/* Whether a and b are at most one edit apart (Damerau). */
	function withinOne(a, b) {
		const la = a.length, lb = b.length;
		let i = 0;
		if (Math.abs(la - lb) > 1)
			return false;
		while (i < la && i < lb && a[i] === b[i])
			i++;
		if (i === la && i === lb)
			return true;
		if (la > lb)
			return a.slice(i + 1) === b.slice(i);
		if (la < lb)
			return a.slice(i) === b.slice(i + 1);
		return a.slice(i + 1) === b.slice(i + 1) ||
		    (a[i] === b[i + 1] && a[i + 1] === b[i] &&
		    a.slice(i + 2) === b.slice(i + 2));
	}

	const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;',
	    '"': '&quot;', "'": '&#39;' };

	function escapeHtml(s) {
		return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]);
	}

	/*
	 * HTML of text with the words for which match(folded word) is true
	 * inside <mark>.
	 */
	function highlight(text, match) {
		let out = '', last = 0;
		text = String(text || '');
		eachWord(text, (w, start, end) => {
			if (!match || !match(w))
				return;
			out += escapeHtml(text.slice(last, start)) + '<mark>' +
			    escapeHtml(text.slice(start, end)) + '</mark>';
			last = end;
		});
		return out + escapeHtml(text.slice(last));
	}

	/* A predicate on folded words: one of forms, or a prefix. */
	function matcher(forms, prefixes) {
		return (w) => forms.has(w) ||
		    prefixes.some((p) => w.startsWith(p));
	}

	/* The bit of a vocabulary shard in the manifest's "sh". */
	function shardBit(key) {
		const idx = (c) => c >= 'a' ? c.charCodeAt(0) - 87 :
		    c.charCodeAt(0) - 48;
		return idx(key[0]) * 37 + (key.length > 1 ? idx(key[1]) : 36);
	}

	const keyOf = (w) => w.slice(0, 2);

	function parseTerm(rec) {
		return { stem: rec[0], df: rec[1], post: rec[2],
		    forms: rec[3] ? rec[3].split(' ') : [] };
	}

	/*
	 * The idf of a query word: its exact form's, else that of the union
	 * of its candidates (completions or corrections), so that a rare
	 * completion does not outweigh the frequent one.
	 */
	function wordIdf(n, list) {
		const exact = list.find((c) => c.weight === 1);
		let df = 0;
		if (exact)
			df = exact.term.df;
		else
			list.forEach((c) => { df += c.term.df; });
		df = Math.min(df, n);
		return Math.log(1 + (n - df + 0.5) / (df + 0.5));
	}

	/*
	 * The documents of hit by count of words matched, then score (to
	 * 1/1000), then number: one key per document in a Float64Array, so
	 * that the engine's native sort does the work.
	 */
	function order(hit, count, score) {
		const P21 = 2097152, keys = new Float64Array(hit.length);
		hit.forEach((d, k) => {
			const sq = Math.min(Math.round(score[d] * 1000),
			    P21 - 1);
			keys[k] = -((count[d] * P21 + sq) * P21 +
			    (P21 - 1 - d));
		});
		keys.sort();
		return Array.from(keys, (x) => P21 - 1 - (-x % P21));
	}

	/*
	 * Adds to cands the terms of forms (of a parsed shard), the most
	 * frequent first, at most max, weighted by their frequency.
	 */
	function addTerms(cands, shard, forms, weight, max) {
		const list = [];
		for (const f of forms) {
			const t = shard.forms.get(f);
			if (t && !list.includes(t))
				list.push(t);
		}
		list.sort((a, b) => b.df - a.df || (a.stem < b.stem ? -1 : 1));
		for (const t of list.slice(0, max))
			if (!cands.some((c) => c.term.stem === t.stem))
				cands.push({ term: t, weight: weight *
				    (0.5 + 0.5 * t.df / list[0].df) });
	}

	/* Keys of the shards where w with a typo may be found. */
	function fuzzyKeys(w) {
		const keys = [keyOf(w)];
		if (w.length > 2)
			keys.push(w[1] + w[0], w[0] + w[2], w[1] + w[2]);
		return keys.filter((k, n) => keys.indexOf(k) === n);
	}

	/* Replaces acronyms' long forms in toks by the acronym. */
	function phrases(toks, shards) {
		const out = [];
		let i = 0;
		while (i < toks.length) {
			const sh = shards.get(keyOf(toks[i].w));
			let best = null, bestLen = 0;
			for (const p of sh ? sh.ph : []) {
				let k = 0;
				while (k < p.words.length &&
				    i + k < toks.length &&
				    toks[i + k].w === p.words[k])
					k++;
				if (k < p.words.length &&
				    !(p.words.length > PHRASE_PREFIX &&
				    k >= PHRASE_PREFIX))
					continue;
				if (k > bestLen) {
					best = p;
					bestLen = k;
				}
			}
			if (best) {
				out.push({ w: best.words.join(' '),
				    words: best.words.slice(0, bestLen),
				    phrase: best.term });
				i += bestLen;
			} else {
				out.push(toks[i++]);
			}
		}
		return out;
	}

	/*
	 * A search over the index files that load(path) returns (a promise
	 * of the parsed JSON, or null). Each file is fetched once.
	 */
	function createSearch(load) {
		const files = new Map();
		const postingsCache = new Map();
		let man = null;

		function get(path) {
			if (!files.has(path))
				files.set(path, Promise.resolve().then(
				    () => load(path)).catch(() => null));
			return files.get(path);
		}

		function manifest() {
			if (!man)
				man = get('manifest.json').then((m) => {
					if (!m || m.v !== 1)
						throw new Error('index');
					return { n: m.n, per: m.m,
					    stop: new Set(m.stop.split(' ')),
					    bits: [...m.sh].map(
					    (c) => B64V[c.charCodeAt(0)]) };
				});
			return man;
		}

		function hasShard(m, key) {
			if (!/^[a-z0-9]{1,2}$/.test(key))
				return false;
			const b = shardBit(key);
			return (m.bits[Math.floor(b / 6)] >> (b % 6) & 1) === 1;
		}

		/* A vocabulary shard: {forms: form → term, list, ph}. */
		async function shard(m, key) {
			if (!hasShard(m, key))
				return null;
			const v = await get('v/' + key + '.json');
			if (!v)
				return null;
			if (!v.parsed) {
				const p = { forms: new Map(), list: [],
				    ph: [] };
				for (const rec of v.t) {
					const t = parseTerm(rec);
					for (const f of t.forms) {
						p.forms.set(f, t);
						p.list.push(f);
					}
				}
				for (const rec of v.ph)
					p.ph.push({ words: rec[0].split(' '),
					    term: parseTerm(rec[1]) });
				v.parsed = p;
			}
			return v.parsed;
		}

		/* The decoded postings of a term. */
		function postings(t) {
			if (!postingsCache.has(t.stem)) {
				const s = t.post ? Promise.resolve(t.post) :
				    get('p/' + t.stem + '.json');
				postingsCache.set(t.stem, s.then((x) =>
				    decodeDocs(typeof x === 'string' ? x : '',
				    true)));
			}
			return postingsCache.get(t.stem);
		}

		/* The documents of a filter's value. */
		async function filterDocs(name, value) {
			if (!/^[A-Za-z0-9-]+$/.test(value))
				return [];
			const s = await get('f/' + FILTER_DIRS[name] + '/' +
			    value + '.json');
			return decodeDocs(typeof s === 'string' ? s : '',
			    false).docs;
		}

		/* The candidate terms {term, weight} of one query word. */
		async function candidates(m, tok, shards) {
			const cands = [], w = tok.w;
			const sh = shards.get(keyOf(w));
			if (tok.phrase)
				return [{ term: tok.phrase, weight: 1 }];
			if (sh && sh.forms.has(w))
				cands.push({ term: sh.forms.get(w),
				    weight: 1 });
			if (sh && tok.prefix)
				addTerms(cands, sh, sh.list.filter((f) =>
				    f.length > w.length && f.startsWith(w)),
				    W_PREFIX, PREFIX_STEMS);
			if (cands.length > 0 || w.length < FUZZY_MIN)
				return cands;
			const near = (f) => withinOne(w, f) || (tok.prefix &&
			    f.length > w.length &&
			    (withinOne(w, f.slice(0, w.length)) ||
			    withinOne(w, f.slice(0, w.length + 1))));
			const others = await Promise.all(fuzzyKeys(w).map(
			    (k) => shard(m, k)));
			for (const s of others)
				if (s)
					addTerms(cands, s, s.list.filter(near),
					    W_FUZZY, PREFIX_STEMS);
			return cands;
		}

		/*
		 * Scores the documents: those matching more words first,
		 * then by the sum of each word's best candidate.
		 */
		async function rank(m, toks, cands, allowed) {
			const n = m.n, forms = new Set(), prefixes = [];
			const used = [];
			cands.forEach((list, k) => {
				const t = toks[k];
				(t.words || []).forEach((w) => forms.add(w));
				if (t.prefix && list.length > 0)
					prefixes.push(t.w);
				for (const c of list) {
					for (const f of c.term.forms)
						forms.add(f);
					used.push(c);
				}
			});
			const posts = await Promise.all(used.map(
			    (c) => postings(c.term)));
			const score = new Float64Array(n);
			const count = new Uint16Array(n);
			const best = new Float64Array(n);
			const hit = [];
			let u = 0;
			for (const list of cands) {
				const idf = wordIdf(n, list), touched = [];
				for (const c of list) {
					const { docs, q } = posts[u++];
					const f = c.weight * idf / 63;
					for (let j = 0; j < docs.length; j++) {
						const d = docs[j], v = f * q[j];
						if (d >= n ||
						    allowed && !allowed[d])
							continue;
						if (best[d] === 0)
							touched.push(d);
						if (v > best[d])
							best[d] = v;
					}
				}
				for (const d of touched) {
					if (count[d]++ === 0)
						hit.push(d);
					score[d] += best[d];
					best[d] = 0;
				}
			}
			return { total: hit.length, empty: false,
			    docs: order(hit, count, score),
			    match: matcher(forms, prefixes) };
		}

		/*
		 * Runs a query: q the text, filters {territoire, besoin,
		 * public, type} (codes or keys, "" for all), opts.prefix
		 * (default true: the last word may be unfinished). Resolves
		 * to {total, docs (best first), match (a predicate on folded
		 * words, for highlight()), empty (neither word nor filter)}.
		 */
		async function query(q, filters, opts) {
			const m = await manifest();
			q = q || '';
			filters = filters || {};
			const prefix = (opts || {}).prefix !== false &&
			    /[0-9A-Za-z\u00c0-\u017f]$/.test(q);
			const all = words(q);
			let toks = [];
			all.forEach((w, k) => {
				if (!m.stop.has(w))
					toks.push({ w, prefix: prefix &&
					    k === all.length - 1 &&
					    w.length >= 2 });
			});
			const names = Object.keys(FILTER_DIRS).filter(
			    (f) => filters[f]);
			const lists = Promise.all(names.map(
			    (f) => filterDocs(f, String(filters[f]))));
			const shards = new Map();
			const keys = new Set(toks.map((t) => keyOf(t.w)));
			await Promise.all([...keys].map(async (k) =>
			    shards.set(k, await shard(m, k))));
			toks = phrases(toks, shards);
			const cands = await Promise.all(toks.map(
			    (t) => candidates(m, t, shards)));
			let allowed = null;
			if (names.length > 0) {
				const hits = new Uint8Array(m.n);
				for (const l of await lists)
					for (const d of l)
						if (d < m.n)
							hits[d]++;
				allowed = hits.map((c) =>
				    c === names.length ? 1 : 0);
			}
			if (toks.length > 0)
				return rank(m, toks, cands, allowed);
			const docs = [];
			for (let d = 0; allowed && d < m.n; d++)
				if (allowed[d])
					docs.push(d);
			return { total: docs.length, docs, empty: !allowed,
			    match: matcher(new Set(), []) };
		}

		/*
		 * The metadata of documents, in the order given: [{doc, id,
		 * nom, sigle, resume, telephone}].
		 */
		async function meta(docs) {
			const rows = await Promise.all(metaEach(docs));
			return rows.filter(Boolean);
		}

		/* The same, as one promise per document (null if unknown). */
		function metaEach(docs) {
			return docs.map(async (d) => {
				const m = await manifest();
				const shard = await get('m/' +
				    Math.floor(d / m.per) + '.json');
				const r = shard && shard[d % m.per];
				return r ? { doc: d, id: r[0], nom: r[1],
				    sigle: r[2], resume: r[3],
				    telephone: r[4] } : null;
			});
		}

		/*
		 * Runs the ranking once over made-up postings, so that the
		 * engine compiles it before the first query (when idle).
		 */
		async function warm() {
			const m = await manifest();
			const t = { stem: '', df: 1, forms: [],
			    post: 'Az'.repeat(Math.min(m.n, 4000)) };
			await rank(m, [{ w: '' }], [[{ term: t, weight: 1 }]],
			    null);
			postingsCache.delete('');
		}

		return { query, meta, metaEach, manifest, warm };
	}

	const core = { words, fold, decodeDocs, withinOne, highlight,
	    createSearch };

	if (typeof module === 'object' && module.exports) {
		module.exports = core;
		return;
	}
	if (typeof document === 'undefined')
		return;

	/* ---- The pages. ---- */

	const script = document.currentScript;
	const ROOT = script && script.src ?
	    script.src.replace(/assets\/search\.js(?:[?#].*)?$/, '') : '../';
	const PAGE = 10;		/* results shown at a time */
	const FIRST_PAINT = 3;	/* results painted before the others */
	const SUGGESTIONS = 8;
	const FILTERS = Object.keys(FILTER_DIRS);
	const search = createSearch((path) =>
	    fetch(ROOT + 'recherche/idx/' + path).then(
	    (r) => r.ok ? r.json() : null));

	function sheetUrl(id) {
		return ROOT + 'fiches/' + encodeURIComponent(id) + '/';
	}

	function plural(n, one, many) {
		return n + '\u00a0' + (n > 1 ? many : one);
	}

	function resultHtml(r, match) {
		let h = '<li><a href="' + escapeHtml(sheetUrl(r.id)) + '">' +
		    highlight(r.nom, match) + '</a>';
		if (r.sigle && !fold(r.nom).includes(fold(r.sigle)))
			h += ' <span class="resultat-sigle">(' +
			    highlight(r.sigle, match) + ')</span>';
		if (r.resume)
			h += '<p>' + highlight(r.resume, match) + '</p>';
		if (r.telephone)
			h += '<p class="resultat-telephone">Tél.\u00a0: ' +
			    escapeHtml(r.telephone) + '</p>';
		return h + '</li>';
	}

	function idle(fn) {
		if (window.requestIdleCallback)
			requestIdleCallback(fn, { timeout: 2000 });
		else
			setTimeout(fn, 200);
	}

	/* The search page. */
	function initPage(form) {
		const input = form.querySelector('input[name="q"]');
		const status = document.getElementById('resultats-statut');
		const box = document.getElementById('resultats');
		if (!input || !box)
			return;
		const browse = box.innerHTML;
		let seq = 0, browsing = true, typing = false;

		const field = (name) => form.querySelector(
		    '[name="' + name + '"]');

		function state() {
			const st = { q: input.value };
			for (const name of FILTERS)
				st[name] = field(name) ? field(name).value : '';
			return st;
		}

		function save(push) {
			const p = new URLSearchParams(), st = state();
			for (const k of ['q'].concat(FILTERS))
				if (st[k])
					p.set(k, st[k]);
			const qs = p.toString();
			const url = location.pathname + (qs ? '?' + qs : '');
			if (url === location.pathname + location.search)
				return;
			if (push)
				history.pushState(null, '', url);
			else
				history.replaceState(null, '', url);
		}

		function announce(text) {
			if (status)
				status.textContent = text;
		}

		function paint(list, res) {
			box.innerHTML = '<ol class="resultats-liste">' +
			    list.filter(Boolean).map((r) =>
			    resultHtml(r, res.match)).join('') + '</ol>';
			browsing = false;
		}

		/*
		 * Shows the first shown results of res. A new search paints
		 * its first results as soon as their metadata is in, then
		 * the page; the count is announced once, with the page.
		 */
		async function show(res, st, shown) {
			const my = seq;
			const rows = search.metaEach(res.docs.slice(0, shown));
			const first = Math.min(FIRST_PAINT, rows.length);
			if (shown === PAGE && first < rows.length) {
				const head = await Promise.all(rows.slice(0,
				    first));
				if (my !== seq)
					return;
				paint(head, res);
				box.removeAttribute('data-resultats');
				box.setAttribute('aria-busy', 'true');
			}
			const list = await Promise.all(rows);
			if (my !== seq)
				return;
			paint(list, res);
			if (res.total > shown)
				box.insertAdjacentHTML('beforeend', '<button ' +
				    'type="button" class="resultats-plus">' +
				    'Afficher plus de résultats</button>');
			box.removeAttribute('aria-busy');
			box.setAttribute('data-resultats', res.total);
			const more = box.querySelector('.resultats-plus');
			if (more)
				more.addEventListener('click', async () => {
					await show(res, st, shown + PAGE);
					const a = box.querySelectorAll(
					    'li > a');
					if (a[shown])
						a[shown].focus();
				});
			let text = res.total === 0 ? 'Aucun résultat' :
			    plural(res.total, 'résultat', 'résultats');
			if (st.q.trim())
				text += ' pour «\u00a0' + st.q.trim() +
				    '\u00a0»';
			if (res.total === 0)
				text += '. Essayez d\u2019autres mots ou ' +
				    'moins de filtres';
			else if (res.total > shown)
				text += ' ; ' + plural(shown, 'affiché',
				    'affichés');
			announce(text + '.');
		}

		async function run() {
			const st = state(), my = ++seq;
			try {
				const res = await search.query(st.q, st);
				if (my !== seq)
					return;
				if (!res.empty)
					return await show(res, st, PAGE);
				if (!browsing) {
					box.innerHTML = browse;
					browsing = true;
				}
				box.removeAttribute('data-resultats');
				announce('');
			} catch (e) {
				if (my === seq)
					announce('La recherche est ' +
					    'indisponible pour le moment.');
			}
		}

		function fromUrl() {
			const p = new URLSearchParams(location.search);
			input.value = p.get('q') || '';
			for (const name of FILTERS)
				if (field(name))
					field(name).value = p.get(name) || '';
			typing = false;
			return run();
		}

		input.addEventListener('input', () => {
			run();
			save(!typing);
			typing = true;
		});
		form.addEventListener('change', (e) => {
			if (e.target === input)
				return;
			run();
			typing = false;
			save(true);
		});
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			typing = false;
			save(true);
			await run();
			const first = box.querySelector('li > a');
			if (first && !browsing)
				first.focus();
		});
		input.addEventListener('keydown', (e) => {
			const first = box.querySelector('li > a');
			if (e.key === 'ArrowDown' && first && !browsing) {
				e.preventDefault();
				first.focus();
			}
		});
		window.addEventListener('popstate', fromUrl);
		if (location.search)
			fromUrl();
		idle(() => search.warm().catch(() => {}));
		form.setAttribute('data-recherche', 'prete');
	}

	let nTypeahead = 0;

	/* A combobox of sheet suggestions on input (ARIA 1.2 pattern). */
	function initTypeahead(input) {
		const id = (input.id || 'recherche-' + ++nTypeahead) +
		    '-suggestions';
		const list = document.createElement('ul');
		const live = document.createElement('span');
		let items = [], active = -1, seq = 0;

		list.id = id;
		list.className = 'suggestions';
		list.setAttribute('role', 'listbox');
		list.setAttribute('aria-label', 'Suggestions');
		list.hidden = true;
		live.className = 'visuellement-cache';
		live.setAttribute('role', 'status');
		live.style.cssText = 'position:absolute;width:1px;height:1px;' +
		    'overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap';
		/* Below the row of the field and its button, when in one. */
		const row = input.parentElement;
		const after = row && row !== input.form &&
		    row.querySelector('button') ? row : input;
		after.insertAdjacentElement('afterend', list);
		list.insertAdjacentElement('afterend', live);
		input.setAttribute('role', 'combobox');
		input.setAttribute('aria-autocomplete', 'list');
		input.setAttribute('aria-expanded', 'false');
		input.setAttribute('aria-controls', id);

		function open(yes) {
			list.hidden = !yes;
			input.setAttribute('aria-expanded', String(yes));
			if (!yes)
				select(-1);
		}

		function select(k) {
			const opts = list.children;
			if (opts[active])
				opts[active].setAttribute('aria-selected',
				    'false');
			active = k;
			if (opts[k]) {
				opts[k].setAttribute('aria-selected', 'true');
				input.setAttribute('aria-activedescendant',
				    opts[k].id);
			} else {
				input.removeAttribute('aria-activedescendant');
			}
		}

		function go(k) {
			if (items[k])
				location.href = sheetUrl(items[k].id);
		}

		async function update() {
			const my = ++seq, q = input.value;
			if (words(q).length === 0) {
				items = [];
				list.innerHTML = '';
				open(false);
				return;
			}
			try {
				const res = await search.query(q, {});
				const l = await search.meta(res.docs.slice(0,
				    SUGGESTIONS));
				if (my !== seq)
					return;
				items = l;
				active = -1;
				list.innerHTML = items.map((it, k) =>
				    '<li role="option" id="' + id + '-' + k +
				    '" aria-selected="false">' +
				    highlight(it.nom, res.match) + '</li>')
				    .join('');
				open(items.length > 0);
				live.textContent = items.length ?
				    plural(items.length, 'suggestion',
				    'suggestions') + ', flèches haut et bas ' +
				    'pour choisir' : 'Aucune suggestion';
			} catch (e) {
				/* The form still submits to the search page. */
			}
		}

		input.addEventListener('input', update);
		input.addEventListener('focus', () =>
		    idle(() => search.warm().catch(() => {})), { once: true });
		input.addEventListener('keydown', (e) => {
			const n = items.length;
			if (e.key === 'ArrowDown' && n) {
				e.preventDefault();
				if (list.hidden)
					open(true);
				select((active + 1) % n);
			} else if (e.key === 'ArrowUp' && n) {
				e.preventDefault();
				if (list.hidden)
					open(true);
				select(active <= 0 ? n - 1 : active - 1);
			} else if (e.key === 'Enter' && active >= 0 &&
			    !list.hidden) {
				e.preventDefault();
				go(active);
			} else if (e.key === 'Escape' && !list.hidden) {
				e.preventDefault();
				open(false);
			}
		});
		input.addEventListener('blur', () => setTimeout(() =>
		    open(false), 150));
		list.addEventListener('mousedown', (e) => e.preventDefault());
		list.addEventListener('click', (e) => {
			const li = e.target.closest('[role="option"]');
			if (li)
				go([...list.children].indexOf(li));
		});
		input.setAttribute('data-typeahead', 'pret');
	}

	/*
	 * Minimal styles so that the active suggestion shows without
	 * site.css; :where() lets site.css override them.
	 */
	function addStyles() {
		const st = document.createElement('style');
		st.textContent = ':where(.suggestions){list-style:none;' +
		    'margin:.25rem 0 0;padding:0;border:1px solid;' +
		    'max-width:44rem;background:#fff;color:#000}' +
		    ':where(.suggestions [role="option"]){' +
		    'padding:.4rem .6rem;cursor:pointer}' +
		    ':where(.suggestions [aria-selected="true"]){' +
		    'outline:3px solid;outline-offset:-3px;' +
		    'text-decoration:underline}';
		document.head.insertBefore(st, document.head.firstChild);
	}

	function init() {
		const form = document.getElementById('recherche-form');
		addStyles();
		if (form)
			initPage(form);
		document.querySelectorAll('input[data-typeahead]').forEach(
		    initTypeahead);
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', init);
	else
		init();
})();
