// tests/site/print.js BASE OUTDIR PAGE...: prints each page as Chromium's
// print does (A4, the print stylesheet, backgrounds off) to
// OUTDIR/N.pdf, one file per page in the order given. The caller counts
// the pages with pdfinfo.
const { chromium } = require('playwright-core');
const path = require('path');

(async () => {
	const [base, outdir, ...pages] = process.argv.slice(2);
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
	let rc = 0;
	try {
		const page = await browser.newPage();
		for (let i = 0; i < pages.length; i++) {
			const r = await page.goto(base + pages[i], { waitUntil: 'load' });
			if (!r || !r.ok()) {
				console.error(`${pages[i]}: ${r ? r.status() : 'pas de réponse'}`);
				rc = 1;
				continue;
			}
			await page.emulateMedia({ media: 'print' });
			await page.pdf({ path: path.join(outdir, `${i}.pdf`), format: 'A4', preferCSSPageSize: true });
		}
	} finally {
		await browser.close();
	}
	process.exit(rc);
})().catch((e) => { console.error(e); process.exit(2); });
