// tests/site/ouvert.js URL ISO...: opens URL with the browser's clock set
// to each instant in turn and prints, one line per instant, the text of
// the first « Ouvert maintenant / Fermé, ouvre … » line (fiche.js), or
// « (caché) » when it stayed hidden.
const { chromium } = require('playwright-core');

(async () => {
	const [url, ...instants] = process.argv.slice(2);
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
	try {
		for (const t of instants) {
			// A browser in another time zone: the page must still use Paris time.
			const ctx = await browser.newContext({ timezoneId: 'America/New_York' });
			const page = await ctx.newPage();
			await page.clock.setFixedTime(new Date(t));
			await page.goto(url, { waitUntil: 'load' });
			const text = await page.evaluate(() => {
				const e = document.querySelector('.ouvert');
				return !e ? '(absent)' : e.hidden ? '(caché)' : e.textContent;
			});
			console.log(text);
			await ctx.close();
		}
	} finally {
		await browser.close();
	}
})().catch((e) => { console.error(e); process.exit(2); });
