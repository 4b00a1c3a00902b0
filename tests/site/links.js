#!/usr/bin/env node
// tests/site/links.js SITEDIR [BASEPATH]: walks every HTML page (and CSS
// file) of a built site and checks that
//  - every internal href/src (and CSS url()) resolves to a file of the site
//    (a directory must hold index.html; "/…" is resolved from BASEPATH,
//    the path of site.yaml's url, default "/");
//  - every "#fragment" link points to an id of its target page;
//  - each page has exactly one <h1>, lang="fr", a <main>, and loads no
//    stylesheet, script, image or font from another host.
// Prints one line per problem, then "links: N pages, N links, N problems";
// exits 1 when there is a problem.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(process.argv[2] || 'out/site');
const base = process.argv[3] || '/';
const problems = [];
const idsCache = new Map();

function walk(dir, out) {
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) walk(p, out);
		else out.push(p);
	}
	return out;
}

function decodeEntities(s) {
	return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function idsOf(file) {
	if (!idsCache.has(file)) {
		const ids = new Set();
		const html = fs.readFileSync(file, 'utf8');
		for (const m of html.matchAll(/\sid="([^"]*)"/g))
			ids.add(decodeEntities(m[1]));
		idsCache.set(file, ids);
	}
	return idsCache.get(file);
}

// Resolves a link of page `from` to a file of the site, or null.
function resolve(from, url) {
	let p = url.replace(/[?#].*$/, '');
	let target;
	if (p.startsWith('/')) {
		if (!p.startsWith(base)) return { missing: p };
		target = path.join(root, decodeURIComponent(p.slice(base.length)));
	} else if (p === '') {
		target = from;
	} else {
		target = path.resolve(path.dirname(from),
			decodeURIComponent(p));
	}
	if (!target.startsWith(root)) return { missing: p + ' (hors du site)' };
	if (fs.existsSync(target) && fs.statSync(target).isDirectory())
		target = path.join(target, 'index.html');
	if (!fs.existsSync(target)) return { missing: p };
	return { file: target };
}

const files = walk(root, []);
let npages = 0, nlinks = 0;
const external = /^(https?:|mailto:|tel:)/i;
for (const f of files) {
	const rel = path.relative(root, f);
	if (f.endsWith('.css')) {
		const css = fs.readFileSync(f, 'utf8');
		for (const m of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
			nlinks++;
			if (/^(https?:)?\/\//.test(m[1]) || /^data:/.test(m[1])) {
				problems.push(`${rel}: ressource externe ${m[1]}`);
				continue;
			}
			const r = resolve(f, m[1]);
			if (r.missing) problems.push(`${rel}: url(${m[1]}) introuvable`);
		}
		continue;
	}
	if (!f.endsWith('.html')) continue;
	npages++;
	const html = fs.readFileSync(f, 'utf8');
	const h1 = (html.match(/<h1[\s>]/g) || []).length;
	if (h1 !== 1) problems.push(`${rel}: ${h1} titres h1 (il en faut un)`);
	if (!/<html lang="fr"/.test(html)) problems.push(`${rel}: pas de lang="fr"`);
	if ((html.match(/<main[\s>]/g) || []).length !== 1)
		problems.push(`${rel}: il faut un seul <main>`);
	// Resources loaded by the page must come from the site itself.
	for (const m of html.matchAll(/<(link|script|img|iframe|source|video|audio)\b[^>]*>/g)) {
		const tag = m[0];
		if (m[1] === 'link' && !/rel="(stylesheet|icon|preload|manifest)"/.test(tag))
			continue;
		const u = tag.match(/\s(?:href|src)="([^"]*)"/);
		if (u && /^(https?:)?\/\//i.test(u[1]))
			problems.push(`${rel}: ressource chargée depuis un autre hôte : ${u[1]}`);
	}
	for (const m of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
		const url = decodeEntities(m[2]);
		nlinks++;
		if (external.test(url)) continue;
		if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
			problems.push(`${rel}: lien au schéma refusé ${url}`);
			continue;
		}
		if (url.startsWith('//')) continue;	// another host: not ours to check
		const r = resolve(f, url);
		if (r.missing) {
			problems.push(`${rel}: ${m[1]}="${url}" introuvable`);
			continue;
		}
		const hash = url.indexOf('#');
		if (hash >= 0 && url.length > hash + 1 && r.file.endsWith('.html')) {
			const id = decodeURIComponent(url.slice(hash + 1));
			if (!idsOf(r.file).has(id))
				problems.push(`${rel}: ancre #${id} absente de ${path.relative(root, r.file)}`);
		}
	}
}
for (const p of problems.slice(0, 50)) console.log(p);
if (problems.length > 50) console.log(`… et ${problems.length - 50} autres`);
console.log(`links: ${npages} pages, ${nlinks} links, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
