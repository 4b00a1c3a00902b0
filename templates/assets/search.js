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
	const W_MOT = 0.9;	/* weight of a lexicon's other words */
	const PRO = 0.6;	/* factor of services for professionals only */
	const LOCATED = 1.15;	/* factor of services located in the place */
	const FILTER_DIRS = { territoire: 't', besoin: 'b', public: 'p',
	    type: 'y' };

	/*
	 * Code points ignored inside words, as fold_ignorable() in
	 * src/fold.c: combining accents (left after NFC on letters that have
	 * no composed form), soft hyphen, zero-width characters.
	 */
	function ignorable(cp) {
		return (cp >= 0x300 && cp <= 0x36f) || cp === 0xad ||
		    (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 ||
		    cp === 0xfeff;
	}

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
			if (k < text.length && ignorable(cp)) {
				k++;
				continue;
			}
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

	/* A word of a place name: « st » is « saint », as in the index. */
	const placeWord = (w) => w === 'st' ? 'saint' : w === 'ste' ?
	    'sainte' : w;

	/*
	 * The key of the place file of a place named by words a, b…: as
	 * place_key() in src/search.c.
	 */
	function placeKey(a, b) {
		return (a === 'saint' || a === 'sainte') && b ?
		    'st-' + b.slice(0, 2) : a.slice(0, 3);
	}

	/* The keys of the place files: "sa:ir st-a:gm" → sai sar st-ag st-am. */
	function placeKeys(lk) {
		const keys = new Set();
		for (const g of lk.split(' ')) {
			const at = g.lastIndexOf(':');
			if (at >= 0)
				for (const c of g.slice(at + 1))
					keys.add(g.slice(0, at) + c);
		}
		return keys;
	}

	/* Places as stored, [[words, codes, nom, kind, n], …], parsed. */
	function parsePlaces(list) {
		return (list || []).map((r) => ({ words: r[0].split(' '),
		    codes: r[1], nom: r[2], kind: r[3], n: r[4] }));
	}

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
	function order(hit, count, score, tie) {
		const P21 = 2097152, keys = new Float64Array(hit.length);
		hit.forEach((d, k) => {
			const sq = Math.min(Math.round(score[d] * 1000),
			    P21 - 1);
			keys[k] = -(((count[d] * P21 + sq) * 4 + tie(d)) *
			    P21 + (P21 - 1 - d));
		});
		keys.sort();
		return Array.from(keys, (x) => P21 - 1 - (-x % P21));
	}

	/* A word without its plural mark, to compare with the lexicon. */
	function sing(w) {
		return w.length > 3 && /[sx]$/.test(w) ? w.slice(0, -1) : w;
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
					if (!m || m.v !== 4)
						throw new Error('index');
					const pro = new Uint8Array(m.n);
					for (const d of decodeDocs(m.pro || '',
					    false).docs)
						if (d < m.n)
							pro[d] = 1;
					return { n: m.n, per: m.m, pro,
					    stop: new Set(m.stop.split(' ')),
					    bits: [...m.sh].map(
					    (c) => B64V[c.charCodeAt(0)]),
					    zbits: [...(m.zh || '')].map(
					    (c) => B64V[c.charCodeAt(0)]),
					    lk: placeKeys(m.lk || '') };
				});
			return man;
		}

		function hasShard(m, key, bits) {
			if (!/^[a-z0-9]{1,2}$/.test(key))
				return false;
			const b = shardBit(key);
			return ((bits || m.bits)[Math.floor(b / 6)] >> (b % 6) &
			    1) === 1;
		}

		/*
		 * The forms whose 2nd-3rd or 1st-3rd letters are key (typo
		 * shards, see src/search.c).
		 */
		async function typoForms(m, key) {
			if (!hasShard(m, key, m.zbits))
				return [];
			const z = await get('z/' + key + '.json');
			return typeof z === 'string' ? z.split(' ') : [];
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
				p.pl = parsePlaces(v.pl);
				p.lx = (v.lx || []).map((r) => ({
				    words: r[0].split(' ').map(sing),
				    targets: r[1] ? r[1].split(' ') : [],
				    mots: r[2] ? r[2].split(' ') : [],
				    docs: r[3] }));
				v.parsed = p;
			}
			return v.parsed;
		}

		/*
		 * The places of file l/key.json (a shard's places when they
		 * are many, see src/search.c), [] when there is none.
		 */
		async function placeFile(m, key) {
			if (!m.lk.has(key))
				return [];
			const l = await get('l/' + key + '.json');
			if (!l)
				return [];
			if (!l.parsed)
				l.parsed = parsePlaces(l.pl);
			return l.parsed;
		}

		/* The decoded postings of a term. */
		function postings(t) {
			if (t.decoded)
				return Promise.resolve(t.decoded);
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
			const l = await filterLists(name, value);
			return l.located.concat(l.others);
		}

		/*
		 * The documents of a filter's value as {located, others}:
		 * a territory's list holds the services located in it, then
		 * those that cover it from elsewhere. Several codes
		 * (space- or comma-separated: a postal code's communes) give
		 * the union.
		 */
		async function filterLists(name, value) {
			const codes = String(value).split(/[ ,]+/).filter(
			    (c) => /^[A-Za-z0-9-]+$/.test(c));
			const files = await Promise.all(codes.map((c) =>
			    get('f/' + FILTER_DIRS[name] + '/' + c + '.json')));
			const loc = new Set(), oth = new Set();
			for (const f of files) {
				const parts = Array.isArray(f) ? f :
				    [typeof f === 'string' ? f : '', ''];
				decodeDocs(parts[0], false).docs.forEach(
				    (d) => loc.add(d));
				decodeDocs(parts[1] || '', false).docs.forEach(
				    (d) => oth.add(d));
			}
			loc.forEach((d) => oth.delete(d));
			return { located: [...loc], others: [...oth] };
		}

		/*
		 * A concept's documents as a term of decoded postings: the
		 * documents of its needs, publics and types, scored like a
		 * name match, a little more when in several of its lists.
		 */
		async function conceptTerm(c) {
			const key = '#' + c.targets.join(' ');
			/* Its documents, merged at build time: inline, or
			 * the number of their file (one request, where the
			 * targets' lists were one each). */
			if (!postingsCache.has(key))
				postingsCache.set(key, (typeof c.docs === 'number' ?
				    get('c/' + c.docs + '.json') :
				    Promise.resolve(c.docs)).then((x) =>
				    decodeDocs(typeof x === 'string' ? x : '',
				    true)));
			const decoded = await postingsCache.get(key);
			return { stem: key, df: decoded.docs.length, forms: [],
			    decoded };
		}

		/* The candidate terms {term, weight} of one query word. */
		async function candidates(m, tok, shards) {
			if (tok.concept)
				return conceptCandidates(m, tok, shards);
			return wordCandidates(m, tok, shards);
		}

		/*
		 * A concept's candidates: its documents, the words of the
		 * query it stands for (each counting for its share), the
		 * lexicon's other words.
		 */
		async function conceptCandidates(m, tok, shards) {
			const c = tok.concept, cands = [];
			/* The concept's lists are fetched alongside the
			 * words' postings, not before them. */
			const ct = c.targets.length > 0 ? conceptTerm(c) : null;
			/* No typo hunt for words the lexicon knows. */
			const parts = await Promise.all(tok.parts.map(
			    (p) => wordCandidates(m, Object.assign({
			    exactOnly: true }, p), shards)));
			/* Each word of the query counts for its share: the
			 * shares add up in rank(), as its group. */
			parts.forEach((list, k) => {
				for (const x of list)
					cands.push({ term: x.term, weight:
					    x.weight / parts.length, part: k });
			});
			const mots = c.mots.filter((w) =>
			    !tok.parts.some((p) => p.w === w));
			const msh = await Promise.all(mots.map(
			    (w) => shard(m, keyOf(w))));
			mots.forEach((w, k) => {
				const t = msh[k] && msh[k].forms.get(w);
				if (t && !cands.some((x) => x.term.stem ===
				    t.stem))
					cands.push({ term: t, weight: W_MOT });
			});
			prefetch(cands);
			if (ct)
				cands.push({ term: await ct, weight: 1,
				    concept: true });
			return cands;
		}

		/*
		 * Starts fetching the postings of cands: a query's files
		 * come in as few round trips as possible (rank() awaits
		 * the same promises).
		 */
		function prefetch(cands) {
			for (const c of cands)
				postings(c.term);
			return cands;
		}

		async function wordCandidates(m, tok, shards) {
			return prefetch(await wordCandidatesOf(m, tok, shards));
		}

		async function wordCandidatesOf(m, tok, shards) {
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
			if (cands.length > 0 || w.length < FUZZY_MIN ||
			    tok.exactOnly)
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
			if (cands.length > 0)
				return cands;
			/*
			 * The first letter wrong or missing, or the second:
			 * the typo shards list the forms by letters 2-3 and
			 * 1-3, and lead to their own shards.
			 */
			const zkeys = [w[1] + w[2], w[0] + w[2], w[0] + w[1]];
			const zf = (await Promise.all(zkeys.filter((k, i) =>
			    zkeys.indexOf(k) === i).map((k) =>
			    typoForms(m, k)))).flat().filter(near);
			const byKey = new Map();
			for (const f of zf)
				byKey.set(keyOf(f), (byKey.get(keyOf(f)) ||
				    []).concat(f));
			for (const [k, fs] of byKey) {
				const s = await shard(m, k);
				if (s)
					addTerms(cands, s, fs, W_FUZZY,
					    PREFIX_STEMS);
			}
			return cands;
		}

		/*
		 * Scores the documents: those matching more words first,
		 * then by the sum of each word's best candidate, services
		 * for professionals only and those outside the place
		 * counting less; ties go to the services located in the
		 * place, then to those that receive the public.
		 */
		async function rank(m, toks, cands, allowed, located) {
			const n = m.n, forms = new Set(), prefixes = [];
			const used = [];
			cands.forEach((list, k) => {
				const t = toks[k];
				(t.words || []).forEach((w) => forms.add(w));
				(t.parts || []).forEach((p) => forms.add(p.w));
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
			const extra = new Float64Array(n);
			const seen = new Uint8Array(n);
			const hit = [];
			let u = 0;
			for (const list of cands) {
				const idf = wordIdf(n, list), touched = [];
				/* The best match of each word of a concept. */
				const parts = [];
				for (const c of list)
					if (c.part !== undefined &&
					    !parts[c.part])
						parts[c.part] =
						    new Float64Array(n);
				for (const c of list) {
					const { docs, q } = posts[u++];
					const f = c.weight * idf / 63;
					/*
					 * A concept's documents add to the
					 * words' best match: a service of the
					 * need that also says the word first.
					 */
					const to = c.concept ? extra :
					    c.part !== undefined ?
					    parts[c.part] : best;
					for (let j = 0; j < docs.length; j++) {
						const d = docs[j], v = f * q[j];
						if (d >= n ||
						    allowed && !allowed[d])
							continue;
						if (!seen[d]) {
							seen[d] = 1;
							touched.push(d);
						}
						if (v > to[d])
							to[d] = v;
					}
				}
				for (const d of touched) {
					let sum = 0;
					for (const a of parts)
						if (a) {
							sum += a[d];
							a[d] = 0;
						}
					if (count[d]++ === 0)
						hit.push(d);
					score[d] += Math.max(best[d], sum) +
					    extra[d];
					best[d] = 0;
					extra[d] = 0;
					seen[d] = 0;
				}
			}
			for (const d of hit) {
				if (m.pro[d])
					score[d] *= PRO;
				if (located && located[d])
					score[d] *= LOCATED;
			}
			let full = 0;
			for (const d of hit)
				if (count[d] === toks.length)
					full++;
			return { total: hit.length, full, words: toks.length,
			    empty: false,
			    docs: order(hit, count, score, tie(m, located)),
			    match: matcher(forms, prefixes) };
		}

		/* Tie-break bits: located in the place 2, for the public 1. */
		function tie(m, located) {
			return (d) => (located && located[d] ? 2 : 0) +
			    (m.pro[d] ? 0 : 1);
		}

		/*
		 * The longest place named by toks[i..]: {place, len}, or
		 * null. « st » is « saint », as in the index.
		 */
		function placeAt(toks, i, shards) {
			const w = (k) => placeWord(toks[k].w);
			const sh = shards.get(keyOf(w(i)));
			const more = shards.get('l:' + placeKey(w(i),
			    i + 1 < toks.length ? w(i + 1) : ''));
			let best = null;
			for (const p of (sh ? sh.pl : []).concat(more || [])) {
				if (i + p.words.length > toks.length ||
				    (best && p.words.length <= best.len))
					continue;
				let k = 0;
				while (k < p.words.length &&
				    w(i + k) === p.words[k])
					k++;
				if (k === p.words.length)
					best = { place: p, len: k };
			}
			return best;
		}

		/*
		 * Finds a place in toks: the longest, the first when equal.
		 * Returns {place, toks without its words} or null.
		 */
		function findPlace(toks, shards) {
			let best = null, at = 0;
			for (let i = 0; i < toks.length; i++) {
				const p = placeAt(toks, i, shards);
				if (p && (!best || p.len > best.len)) {
					best = p;
					at = i;
				}
			}
			if (!best)
				return null;
			const words = toks.slice(at, at + best.len);
			return { place: best.place, words: words.map(
			    (t) => t.w), toks: toks.slice(0, at).concat(
			    toks.slice(at + best.len)) };
		}

		/*
		 * Groups the words of toks that make a concept of the
		 * lexicon or the referentials (the longest at each place)
		 * into one token {w, concept, parts}.
		 */
		function concepts(toks, shards) {
			const out = [];
			let i = 0;
			while (i < toks.length) {
				const t = toks[i];
				const sh = !t.phrase && shards.get(keyOf(t.w));
				let best = null;
				for (const c of sh ? sh.lx : []) {
					const len = c.words.length;
					if (i + len > toks.length ||
					    (best && len <= best.words.length))
						continue;
					let k = 0;
					while (k < len && !toks[i + k].phrase &&
					    sing(toks[i + k].w) === c.words[k])
						k++;
					if (k === len)
						best = c;
				}
				if (!best) {
					out.push(toks[i++]);
					continue;
				}
				const parts = toks.slice(i, i +
				    best.words.length);
				out.push({ w: parts.map((p) => p.w).join(' '),
				    concept: best, parts,
				    prefix: parts[parts.length - 1].prefix });
				i += parts.length;
			}
			return out;
		}

		/*
		 * Runs a query: q the text, filters {territoire, besoin,
		 * public, type} (codes or keys, "" for all; territoire may
		 * hold several codes), opts.prefix (default true: the last
		 * word may be unfinished), opts.places (default true: a
		 * place named in q becomes the territory filter when none is
		 * chosen). Resolves to {total, docs (best first), full (how
		 * many match every word), words (words searched), place
		 * (the place recognised: {codes, nom, kind, n, words}), match
		 * (a predicate on folded words, for highlight()), empty
		 * (neither word nor filter)}.
		 */
		async function query(q, filters, opts) {
			const m = await manifest();
			opts = opts || {};
			q = q || '';
			filters = Object.assign({}, filters || {});
			const prefix = opts.prefix !== false &&
			    /[0-9A-Za-z\\u00c0-\\u017f]$/.test(q);
			const all = words(q);
			let toks = [];
			all.forEach((w, k) => {
				if (!m.stop.has(w))
					toks.push({ w, prefix: prefix &&
					    k === all.length - 1 &&
					    w.length >= 2 });
			});
			const shards = new Map();
			const keys = new Set(toks.map((t) => keyOf(t.w)));
			/* « st » names places under « saint ». */
			if (toks.some((t) => t.w === 'st' || t.w === 'ste'))
				keys.add('sa');
			/* The place files, alongside the shards. */
			const pkeys = new Set();
			toks.forEach((t, k) => pkeys.add(placeKey(placeWord(t.w),
			    k + 1 < toks.length ? placeWord(toks[k + 1].w) :
			    '')));
			await Promise.all([...keys].map(async (k) =>
			    shards.set(k, await shard(m, k))).concat([...pkeys].
			    map(async (k) => shards.set('l:' + k,
			    await placeFile(m, k)))));
			let place = null;
			if (opts.places !== false && !filters.territoire) {
				const f = findPlace(toks, shards);
				if (f) {
					place = Object.assign({ words: f.words },
					    f.place);
					toks = f.toks;
					filters.territoire = f.place.codes;
				}
			}
			const names = Object.keys(FILTER_DIRS).filter(
			    (f) => filters[f]);
			const lists = Promise.all(names.map((f) =>
			    filterLists(f, String(filters[f]))));
			toks = concepts(phrases(toks, shards), shards);
			const cands = await Promise.all(toks.map(
			    (t) => candidates(m, t, shards)));
			let allowed = null, located = null;
			if (names.length > 0) {
				const hits = new Uint8Array(m.n);
				const got = await lists;
				got.forEach((l, k) => {
					for (const d of l.located.concat(
					    l.others))
						if (d < m.n)
							hits[d]++;
					if (names[k] === 'territoire') {
						located = new Uint8Array(m.n);
						for (const d of l.located)
							if (d < m.n)
								located[d] = 1;
					}
				});
				allowed = hits.map((c) =>
				    c === names.length ? 1 : 0);
			}
			let res;
			if (toks.length > 0) {
				res = await rank(m, toks, cands, allowed,
				    located);
			} else {
				const docs = [], none = new Uint16Array(m.n);
				for (let d = 0; allowed && d < m.n; d++)
					if (allowed[d])
						docs.push(d);
				res = { total: docs.length, full: docs.length,
				    words: 0, empty: !allowed,
				    docs: order(docs, none, new Float64Array(
				    m.n), tie(m, located)),
				    match: matcher(new Set(), []) };
			}
			res.place = place;
			return res;
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
				    telephone: r[4], tel: r[5], type: r[6],
				    lieu: r[7], pro: r[8] === 1,
				    orientation: r[8] === 2,
				    geo: r[9] || null } : null;
			});
		}

		/*
		 * Runs the ranking over made-up postings, a few rounds shaped
		 * like real queries (two words, one of them a concept of the
		 * lexicon, a place), so that the engine compiles it before the
		 * first query: cold, the first query's ranking took 3 to 10
		 * times longer than the next ones. Each round waits for the
		 * next turn of the event loop (pause()), so that typing is
		 * never held up.
		 */
		async function warm(rounds, pause) {
			const m = await manifest();
			const n = Math.min(m.n, 4000);
			const term = (stem, post) => ({ stem, df: 1,
			    forms: [stem], post });
			const t1 = term('\u0001', 'Az'.repeat(n));
			const t2 = term('\u0002', 'Bq'.repeat(n >> 1));
			const t3 = term('\u0003', 'Dk'.repeat(n >> 2));
			const c = { stem: '\u0004', df: 0, forms: [],
			    decoded: decodeDocs('Cf'.repeat(n >> 2), true) };
			const toks = [{ w: 'a' }, { w: 'b c', concept: {},
			    parts: [{ w: 'b' }, { w: 'c' }] }];
			const located = new Uint8Array(m.n).fill(1, 0, n >> 3);
			for (let r = 0; r < (rounds || 1); r++) {
				await rank(m, toks, [[{ term: t1, weight: 1 },
				    { term: t3, weight: W_PREFIX }],
				    [{ term: t2, weight: 0.5, part: 0 },
				    { term: t3, weight: 0.5, part: 1 },
				    { term: c, weight: 1, concept: true }]],
				    r & 1 ? located : null, r & 1 ? located : null);
				if (pause)
					await pause();
			}
			for (const t of [t1, t2, t3])
				postingsCache.delete(t.stem);
			/* The query's own path, up to the files it would ask
			 * for (an empty query asks for none). */
			await query('', {});
			words('\u00c9coute, \u00e2g\u00e9es');
		}

		/*
		 * The places whose name starts with the words of q (the last
		 * one may be unfinished), those with more services first:
		 * [{codes, nom, kind, n, words}].
		 */
		async function places(q, max) {
			const m = await manifest();
			/* A word alone may be the start of a name (« mon »
			 * of « Montambert »): kept, even if a stop word. */
			const all = words(q);
			const ws = all.filter((w) => !m.stop.has(w) ||
			    all.length === 1).map(placeWord);
			if (ws.length === 0 || ws[0].length < 2)
				return [];
			const [sh, more] = await Promise.all([shard(m,
			    keyOf(ws[0])), placeFile(m, placeKey(ws[0],
			    ws[1] || ''))]);
			const last = ws.length - 1;
			return (sh ? sh.pl : []).concat(more).filter((p) =>
			    p.words.length >= ws.length && ws.every((w, k) =>
			    k < last ? p.words[k] === w :
			    p.words[k].startsWith(w))).sort((a, b) =>
			    b.n - a.n).slice(0, max || 3).map((p) =>
			    Object.assign({ words: p.words }, p));
		}

		return { query, meta, metaEach, manifest, warm, places };
	}

	/* « 7 090 résultats »: thousands apart, as French writes them. */
	function plural(n, one, many) {
		return String(n).replace(/\B(?=(\d{3})+$)/g, '\u202f') +
		    '\u00a0' + (n > 1 ? many : one);
	}

	const core = { words, fold, decodeDocs, withinOne, highlight, plural,
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
	const WARM_ROUNDS = 30;	/* rankings run idle before the first */
	const SUGGESTIONS = 8;
	const FILTERS = Object.keys(FILTER_DIRS);
	const search = createSearch((path) =>
	    fetch(ROOT + 'recherche/idx/' + path).then(
	    (r) => r.ok ? r.json() : null));

	function sheetUrl(id) {
		return ROOT + 'fiches/' + encodeURIComponent(id) + '/';
	}

	/*
	 * The places of the results shown, for the search page's map
	 * (carte.js, only with carte.tuiles: r.geo is there then): an
	 * event "maillage:lieux" with [{n, u, a, y, x}], also kept in
	 * window.maillageLieux for a map made after it.
	 */
	function mapResults(rows) {
		const lieux = [];
		for (const r of rows)
			for (const g of (r && r.geo) || [])
				lieux.push({ n: r.nom, u: sheetUrl(r.id) +
				    'index.html', a: r.lieu || '', y: g[0],
				    x: g[1] });
		window.maillageLieux = lieux;
		document.dispatchEvent(new CustomEvent('maillage:lieux',
		    { detail: lieux }));
	}


	/*
	 * A result a person can act on: name, type and place on one line,
	 * the summary, a tel: link, who may ask for it.
	 */
	function resultHtml(r, match) {
		let h = '<li><a href="' + escapeHtml(sheetUrl(r.id)) + '">' +
		    highlight(r.nom, match) + '</a>';
		if (r.sigle && !fold(r.nom).includes(fold(r.sigle)))
			h += ' <span class="resultat-sigle">(' +
			    highlight(r.sigle, match) + ')</span>';
		const where = [r.type, r.lieu].filter(Boolean).map(
		    (x) => escapeHtml(x)).join(' · ');
		if (where || r.pro || r.orientation)
			h += '<p class="resultat-ou">' + where +
			    (r.pro ? ' <span class="resultat-pro">pour les ' +
			    'professionnels</span>' : r.orientation ?
			    ' <span class="resultat-pro">sur orientation ' +
			    'd\u2019un professionnel</span>' : '') + '</p>';
		if (r.resume)
			h += '<p>' + highlight(r.resume, match) + '</p>';
		if (r.telephone)
			h += '<p class="resultat-telephone">Tél.\u00a0: ' +
			    (r.tel ? '<a href="' + escapeHtml(r.tel) + '">' +
			    escapeHtml(r.telephone) + '</a>' :
			    escapeHtml(r.telephone)) + '</p>';
		return h + '</li>';
	}

	/* A place's label: « Clamecy (58079) », « 58500 (Clamecy) ». */
	function placeLabel(p) {
		if (p.kind === 'p')
			return 'le code postal ' + p.words.join(' ') + ' (' +
			    p.nom + ')';
		return p.nom + (p.kind === 'c' || p.kind === 'd' ?
		    ' (' + p.codes + ')' : '');
	}

	/* The next turn of the event loop. */
	function turn() {
		return new Promise((resolve) => setTimeout(resolve, 0));
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
		const chip = document.getElementById('recherche-lieu');
		const urgences = document.getElementById('recherche-urgences');
		let seq = 0, browsing = true, typing = false, noPlace = false;


		const field = (name) => form.querySelector(
		    '[name="' + name + '"]');

		/* Small screens: the filters folded behind one button. */
		const fbutton = document.getElementById('filtres-bouton');
		const fset = document.getElementById('filtres');
		if (fbutton && fset) {
			fbutton.hidden = false;
			form.classList.add('filtres-repliables');
			const active = () => FILTERS.filter((f) =>
			    field(f) && field(f).value).length;
			const label = () => {
				const n = active();
				fbutton.textContent = 'Filtres' + (n ?
				    ' (' + n + ')' : '');
			};
			fbutton.addEventListener('click', () => {
				const open = fbutton.getAttribute(
				    'aria-expanded') !== 'true';
				fbutton.setAttribute('aria-expanded',
				    String(open));
				fset.classList.toggle('ouvert', open);
			});
			form.addEventListener('change', label);
			label();
		}

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
			if (noPlace)
				p.set('lieu', 'non');
			const qs = p.toString();
			const url = location.pathname + (qs ? '?' + qs : '');
			if (url === location.pathname + location.search)
				return;
			if (push)
				history.pushState(null, '', url);
			else
				history.replaceState(null, '', url);
		}

		/*
		 * The status line, read out by screen readers; hidden from
		 * sight (not from them) when the block below says the same
		 * in its heading (no result).
		 */
		function announce(text, seen) {
			if (!status)
				return;
			status.textContent = text;
			status.classList.toggle('visuellement-cache',
			    seen === false);
		}

		function paint(list, res, st) {
			const rows = list.filter(Boolean);
			const full = res.words > 1 && res.full < res.total ?
			    res.full : -1;
			let h = '<ol class="resultats-liste">';
			rows.forEach((r, k) => {
				if (k === full)
					h += '</ol><h2 class="resultats-partiels">' +
					    'Services qui répondent à une partie ' +
					    'des mots</h2><ol class="resultats-' +
					    'liste" start="' + (k + 1) + '">';
				h += resultHtml(r, res.match);
			});
			box.innerHTML = h + '</ol>';
			box.setAttribute('data-requete', st.q);
			browsing = false;
		}

		/* The recognised place, with a button that removes it. */
		function showPlace(res) {
			if (!chip)
				return;
			if (!res || !res.place) {
				chip.hidden = true;
				chip.innerHTML = '';
				return;
			}
			chip.innerHTML = 'Services pour ' +
			    '<strong>' + escapeHtml(placeLabel(res.place)) +
			    '</strong> <button type="button" ' +
			    'class="lieu-retirer" aria-label="Retirer le ' +
			    'lieu ' + escapeHtml(placeLabel(res.place)) +
			    '">Retirer</button>';
			chip.hidden = false;
			chip.querySelector('button').addEventListener('click',
			    () => {
				noPlace = true;
				save(true);
				run();
				input.focus();
			});
		}

		/*
		 * The page of a search without result: the needs closest to
		 * the words, the place's services, the emergency numbers.
		 */
		async function noResult(res, st) {
			const ws = words(st.q).filter((w) => w.length > 2);
			const sel = field('besoin');
			const near = [];
			for (const o of sel ? [...sel.options] : []) {
				if (!o.value)
					continue;
				const nw = words(o.textContent);
				let sc = 0;
				for (const w of ws)
					for (const x of nw)
						if (x.length > 2 && (x.startsWith(
						    w.slice(0, 4)) || withinOne(w, x)))
							sc++;
				near.push({ key: o.value, nom: o.textContent,
				    sc });
			}
			const best = near.filter((x) => x.sc > 0).sort(
			    (a, b) => b.sc - a.sc).slice(0, 5);
			let h = '<section class="sans-resultat" aria-labelledby=' +
			    '"t-sans-resultat"><h2 id="t-sans-resultat">' +
			    'Aucun service ne correspond à «\u00a0' +
			    escapeHtml(st.q.trim()) + '\u00a0»</h2>';
			if (res.place) {
				const p = res.place, code = p.codes.split(' ')[0];
				/* The first services of the place itself. */
				const all = await search.query('', {
				    territoire: p.codes });
				const rows = await search.meta(all.docs.slice(0,
				    3));
				if (rows.length)
					h += '<h3>Services pour ' + escapeHtml(
					    placeLabel(p)) + '</h3><ol class=' +
					    '"resultats-liste">' + rows.map((r) =>
					    resultHtml(r, null)).join('') +
					    '</ol>';
				h += '<p>Tous les services pour ' +
				    escapeHtml(placeLabel(p)) + '\u00a0: <a href="' +
				    ROOT + 'territoires/' +
				    encodeURIComponent(code) + '/index.html">' +
				    'la page de ' + escapeHtml(p.kind === 'p' ?
				    p.nom.split(', ')[0] : p.nom) + '</a>, ou ' +
				    '<a href="?q=' + encodeURIComponent(
				    p.words.join(' ')) + '">la recherche de ' +
				    'tous ses services</a>.</p>';
			}
			const list = best.length ? best : near;
			h += '<p>' + (best.length ? 'Les besoins les plus ' +
			    'proches de votre recherche\u00a0:' : 'Vous ' +
			    'pouvez chercher par besoin\u00a0:') + '</p>' +
			    '<ul class="liste-simple">' + list.map((x) =>
			    '<li><a href="' + ROOT + 'besoins/' +
			    encodeURIComponent(x.key) + '/index.html">' +
			    escapeHtml(x.nom) + '</a></li>').join('') + '</ul>';
			if (urgences)
				h += urgences.innerHTML;
			return h + '</section>';
		}

		/*
		 * Shows the first shown results of res. A new search paints
		 * its first results as soon as their metadata is in, then
		 * the page; the count is announced once, with the page. The
		 * metadata of the first ones is asked for alone: the others'
		 * requests would share the connections and the server with
		 * them.
		 */
		async function show(res, st, shown) {
			const my = seq;
			const docs = res.docs.slice(0, shown);
			const first = Math.min(FIRST_PAINT, docs.length);
			let rows;
			if (shown === PAGE && first < docs.length) {
				const head = search.metaEach(docs.slice(0,
				    first));
				const got = await Promise.all(head);
				if (my !== seq)
					return;
				paint(got, res, st);
				box.removeAttribute('data-resultats');
				box.setAttribute('aria-busy', 'true');
				rows = head.concat(search.metaEach(
				    docs.slice(first)));
			} else {
				rows = search.metaEach(docs);
			}
			const list = await Promise.all(rows);
			if (my !== seq)
				return;
			paint(list, res, st);
			mapResults(res.total > 0 ? list : []);
			showPlace(res);
			if (res.total === 0) {
				const h = await noResult(res, st);
				if (my !== seq)
					return;
				box.innerHTML = h;
			}
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
			/* The count says what it counts. */
			let text = res.total === 0 ? 'Aucun résultat' :
			    plural(res.total, 'résultat', 'résultats');
			if (st.q.trim())
				text += ' pour «\u00a0' + st.q.trim() +
				    '\u00a0»';
			if (res.place)
				text += ' à ' + placeLabel(res.place);
			if (res.total > 0 && res.words > 1 &&
			    res.full < res.total)
				text += ' : ' + (res.full === 0 ? 'aucun ne ' +
				    'répond à tous les mots' : plural(res.full,
				    'répond', 'répondent') + ' à tous les mots');
			if (res.total === 0)
				text += '. Essayez d\u2019autres mots ou ' +
				    'moins de filtres';
			else if (res.total > shown)
				text += ' ; ' + plural(shown, 'affiché',
				    'affichés');
			announce(text + '.', res.total > 0);
		}

		async function run() {
			const st = state(), my = ++seq;
			try {
				const res = await search.query(st.q, st,
				    { places: !noPlace });
				if (my !== seq)
					return;
				if (!res.empty)
					return await show(res, st, PAGE);
				showPlace(null);
				mapResults([]);
				if (!browsing) {
					box.innerHTML = browse;
					browsing = true;
				}
				box.removeAttribute('data-resultats');
				box.removeAttribute('data-requete');
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
			noPlace = p.get('lieu') === 'non';
			for (const name of FILTERS) {
				const f = field(name), v = p.get(name) || '';
				if (!f)
					continue;
				/* A value the list leaves out (the communes
				 * of a large directory) is kept, by its
				 * code. */
				if (v && f.tagName === 'SELECT' && ![...f.options].
				    some((o) => o.value === v))
					f.add(new Option(v, v));
				f.value = v;
			}
			typing = false;
			return run();
		}

		input.addEventListener('input', () => {
			noPlace = false;
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
		idle(() => search.warm(WARM_ROUNDS, turn).then(() =>
		    /* A result's HTML, compiled before the first. */
		    resultHtml({ id: 'a', nom: '\u00c9', sigle: 'A', type: 't',
		    lieu: 'l', resume: 'r', telephone: '0', tel: 'tel:0' },
		    (w) => w === 'e')).catch(() => {}));
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
				location.href = items[k].url ||
				    sheetUrl(items[k].id);
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
				const [res, pls] = await Promise.all([
				    search.query(q, {}), search.places(q, 3)]);
				const l = await search.meta(res.docs.slice(0,
				    SUGGESTIONS - pls.length));
				if (my !== seq)
					return;
				const pm = matcher(new Set(), words(q));
				items = pls.map((p) => ({ place: p,
				    url: ROOT + 'recherche/?q=' +
				    encodeURIComponent(p.kind === 'p' ?
				    p.words.join(' ') : p.nom) })).concat(l);
				active = -1;
				list.innerHTML = items.map((it, k) =>
				    '<li role="option" id="' + id + '-' + k +
				    '" aria-selected="false">' + (it.place ?
				    'Services pour <strong>' + highlight(
				    placeLabel(it.place), pm) + '</strong>' +
				    ' <span class="suggestion-lieu">' +
				    plural(it.place.n, 'service', 'services') +
				    '</span>' : highlight(it.nom, res.match)) +
				    '</li>').join('');
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
		    idle(() => search.warm(WARM_ROUNDS, turn).catch(
		    () => {})), { once: true });
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
