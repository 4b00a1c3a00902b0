// tests/site/carte-recherche.js URL: opens the search page of a site built
// with carte.tuiles = https://tuiles.example.org/{z}/{x}/{y}.png in
// Chromium, with a query in its URL. Tiles are answered here (a grey PNG);
// any request to another host than the page's own is refused and
// reported. Prints one JSON line: the results listed, the names of the
// markers and whether each is a result listed, the tiles asked, the other
// hosts asked, whether the map and a marker take the keyboard focus, the
// popup's link opened with Enter, axe-core's violations with the map
// shown, and whether an empty query hides the map again.
const { chromium } = require('playwright-core');
const zlib = require('zlib');

function png() {
	const w = 256, h = 256;
	const raw = Buffer.alloc((w + 1) * h, 0xdd);
	for (let y = 0; y < h; y++) raw[y * (w + 1)] = 0;
	const crcTable = [];
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crcTable[n] = c >>> 0;
	}
	const crc = (b) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
	const chunk = (t, d) => {
		const len = Buffer.alloc(4); len.writeUInt32BE(d.length);
		const td = Buffer.concat([Buffer.from(t), d]);
		const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
		return Buffer.concat([len, td, c]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 0;
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

(async () => {
	const url = process.argv[2];
	const own = new URL(url).host;
	const tile = png();
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
	const out = { tiles: 0, foreign: [] };
	try {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.route('**/*', (route) => {
			const u = new URL(route.request().url());
			if (u.host === own) return route.continue();
			if (u.host === 'tuiles.example.org' && /^\/\d+\/\d+\/\d+\.png$/.test(u.pathname)) {
				out.tiles++;
				return route.fulfill({ status: 200, contentType: 'image/png', body: tile });
			}
			out.foreign.push(u.href);
			return route.abort();
		});
		await page.goto(url, { waitUntil: 'load' });
		await page.waitForSelector('#resultats[data-resultats]', { timeout: 20000 });
		await page.waitForTimeout(500);
		out.results = await page.evaluate(() => [...document.querySelectorAll('#resultats .resultats-liste > li > a')]
		    .map((a) => a.textContent));
		out.visible = await page.isVisible('.carte-recherche');
		out.markers = await page.locator('.carte-recherche .leaflet-marker-icon').count();
		// Each marker is a place of one of the results listed.
		out.markerNames = await page.evaluate(() => [...document.querySelectorAll(
		    '.carte-recherche .leaflet-marker-icon')].map((m) => m.getAttribute('title')));
		out.markersInList = out.markerNames.length > 0 && out.markerNames.every((n) => out.results.includes(n));
		out.count = await page.evaluate(() => (document.querySelector('.carte-compte') || {}).textContent || '');
		await page.addScriptTag({ content: require('fs').readFileSync(
		    require('path').join(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8') });
		out.axe = await page.evaluate(async () => (await window.axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
		})).violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 2).join(', ')));
		await page.setViewportSize({ width: 360, height: 800 });
		await page.waitForTimeout(200);
		out.scroll360 = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.waitForTimeout(200);
		out.attribution = await page.evaluate(() => (document.querySelector('.carte-recherche .leaflet-control-attribution') || {}).textContent || '');
		// Keyboard: from the top of the page, Tab until the map, then on
		// to the first marker; Enter opens its popup.
		await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
		await page.focus('#q');
		let where = '';
		for (let i = 0; i < 120 && !/leaflet-marker-icon/.test(where); i++) {
			await page.keyboard.press('Tab');
			where = await page.evaluate(() => document.activeElement.className || '');
			if (/carte-recherche/.test(where)) out.mapFocus = true;
		}
		out.markerFocus = /leaflet-marker-icon/.test(where);
		await page.keyboard.press('Enter');
		await page.waitForTimeout(300);
		out.popup = await page.evaluate(() => {
			const a = document.querySelector('.carte-recherche .leaflet-popup-content a');
			return a ? a.getAttribute('href') : null;
		});
		// An emptied query brings the browse lists back, and no map.
		await page.fill('#q', '');
		await page.dispatchEvent('#q', 'input');
		await page.waitForTimeout(1500);
		out.hiddenWhenEmpty = !(await page.isVisible('.carte-recherche'));
	} finally {
		await browser.close();
	}
	console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(2); });
