#!/usr/bin/env node
// tests/site/axe.js BASEURL PAGE...: opens each page (BASEURL + PAGE) in
// headless Chromium and checks, for each:
//  - axe-core (WCAG 2.0/2.1 A and AA rules): no violation;
//  - no request leaves the site's host (fonts, CSS, scripts…);
//  - no dialog opens (alert() from content would be an injection), and
//    the DOM holds no on… handler, javascript: URL, foreign script,
//    frame or image;
//  - at 360 px wide and at 640 px (1280 px at 200 % zoom), nothing is
//    wider than the window (no horizontal scrolling);
//  - the first Tab reaches the skip link, which becomes visible, and a
//    focused link is visibly styled (outline, shadow or background);
//  - without JavaScript the page still shows its <main> content.
// Prints one line per problem and "axe: N pages, N problems".
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '../../node_modules/playwright-core'));

const axeSource = fs.readFileSync(require.resolve(
	path.join(__dirname, '../../node_modules/axe-core/axe.min.js')), 'utf8');
const [base, ...pages] = process.argv.slice(2);
const host = new URL(base).host;
const problems = [];

async function check(browser, page_) {
	const url = base + page_;
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (u.protocol !== 'data:' && u.host !== host)
			problems.push(`${page_}: requête vers un autre hôte : ${r.url()}`);
	});
	page.on('dialog', async (d) => {
		problems.push(`${page_}: une boîte de dialogue s'est ouverte (${d.type()}: ${d.message()})`);
		await d.dismiss();
	});
	const resp = await page.goto(url, { waitUntil: 'load' });
	if (!resp || resp.status() !== 200)
		problems.push(`${page_}: statut ${resp ? resp.status() : 'aucun'}`);
	// Nothing executable but our own scripts: no on… handler, no script
	// other than JSON-LD and the site's own assets/*.js, no javascript: URL, no
	// embedded frame or image from content.
	const bad = await page.evaluate(() => {
		const out = [];
		for (const e of document.querySelectorAll('*')) {
			for (const a of e.attributes) {
				if (/^on/i.test(a.name))
					out.push(`${e.tagName} ${a.name}`);
				if (/^\s*javascript:/i.test(a.value))
					out.push(`${e.tagName} ${a.name}=${a.value}`);
			}
			if (e.tagName === 'SCRIPT' && e.type !== 'application/ld+json' &&
			    !/^(\.\.\/)*assets\/[a-z0-9\/.-]+\.js$/.test(e.getAttribute('src') || ''))
				out.push(`script ${e.outerHTML.slice(0, 60)}`);
			if (/^(IFRAME|OBJECT|EMBED|IMG)$/.test(e.tagName))
				out.push(`${e.tagName} ${e.outerHTML.slice(0, 60)}`);
		}
		return out;
	});
	for (const b of bad) problems.push(`${page_}: élément actif inattendu : ${b}`);

	await page.addScriptTag({ content: axeSource });
	const res = await page.evaluate(async () => await window.axe.run(document, {
		runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
		resultTypes: ['violations'],
	}));
	for (const v of res.violations)
		for (const n of v.nodes.slice(0, 3))
			problems.push(`${page_}: axe ${v.id} (${v.impact}) : ${n.target.join(' ')} — ${v.help}`);

	// Keyboard: the first Tab lands on the skip link, which shows up.
	await page.keyboard.press('Tab');
	const skip = await page.evaluate(() => {
		const a = document.activeElement;
		const r = a.getBoundingClientRect();
		return { cls: a.className, href: a.getAttribute('href'),
			visible: r.top >= 0 && r.height > 0 && r.bottom <= innerHeight };
	});
	if (skip.href !== '#contenu' || !skip.visible)
		problems.push(`${page_}: le premier Tab doit montrer le lien d'évitement (${JSON.stringify(skip)})`);
	await page.keyboard.press('Tab');
	const focus = await page.evaluate(() => {
		const a = document.activeElement;
		const s = getComputedStyle(a);
		return { tag: a.tagName, outline: s.outlineStyle !== 'none' && s.outlineWidth !== '0px',
			shadow: s.boxShadow !== 'none', bg: s.backgroundColor };
	});
	if (!(focus.outline || focus.shadow || focus.bg === 'rgb(255, 212, 59)'))
		problems.push(`${page_}: le focus clavier n'est pas visible (${JSON.stringify(focus)})`);

	// Narrow windows: a phone, and 1280 px at 200 % zoom.
	for (const width of [360, 640]) {
		await page.setViewportSize({ width, height: 800 });
		const over = await page.evaluate(() => {
			const w = document.documentElement.clientWidth;
			const wide = [...document.querySelectorAll('body *')].filter((e) => {
				const r = e.getBoundingClientRect();
				return r.right > w + 1 && getComputedStyle(e).position !== 'absolute';
			}).slice(0, 3).map((e) => e.tagName + '.' + e.className);
			return { scroll: document.documentElement.scrollWidth, w, wide };
		});
		if (over.scroll > over.w)
			problems.push(`${page_}: défilement horizontal à ${width} px (${over.scroll} > ${over.w}) : ${over.wide.join(', ')}`);
	}
	await ctx.close();

	// Without JavaScript.
	const ctx2 = await browser.newContext({ javaScriptEnabled: false });
	const p2 = await ctx2.newPage();
	await p2.goto(url, { waitUntil: 'load' });
	const main = await p2.locator('main h1').count();
	if (main !== 1)
		problems.push(`${page_}: sans JavaScript, pas de titre dans <main>`);
	await ctx2.close();
}

(async () => {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu',
			'--disable-background-networking', '--disable-component-update'],
	});
	try {
		for (const p of pages) await check(browser, p);
	} catch (e) {
		problems.push(`erreur : ${e.message}`);
	}
	await browser.close();
	for (const p of problems) console.log(p);
	console.log(`axe: ${pages.length} pages, ${problems.length} problems`);
	process.exit(problems.length ? 1 : 0);
})();
