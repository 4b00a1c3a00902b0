#!/usr/bin/env node
// tests/export/fiches.js DONNEES CONTENT
//
// Checks DONNEES/fiches.json and DONNEES/fiches.csv against the sheets of
// CONTENT/fiches/*.md: every published sheet (not statut: brouillon) is
// there once, in id order, no draft is; every record has the same keys;
// the CSV starts with a BOM, parses as RFC 4180 with ";" and CRLF, has a
// header and one row per published sheet, the same number of fields on
// every row, and the same ids as the JSON. Exits 1 on any problem.
"use strict";
const fs = require("fs");
const path = require("path");

const [donnees, content] = process.argv.slice(2);
if (!donnees || !content) {
	console.error("usage: fiches.js DONNEES CONTENT");
	process.exit(2);
}
let problems = 0;
function problem(msg) {
	problems++;
	if (problems <= 40)
		console.log("problem: " + msg);
}

// The sheets and their statut, from the front matter's top-level key.
const published = [], drafts = [];
for (const f of fs.readdirSync(path.join(content, "fiches")).sort()) {
	if (!f.endsWith(".md"))
		continue;
	const text = fs.readFileSync(path.join(content, "fiches", f), "utf8");
	const fm = text.replace(/^\uFEFF/, "").split(/\r?\n---\r?\n/)[0];
	const m = fm.match(/^statut:\s*["']?([a-z]+)/m);
	(m && m[1] === "brouillon" ? drafts : published).push(f.slice(0, -3));
}
// Byte order, as the C model sorts ids (strcmp).
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
published.sort(byteOrder);

// fiches.json
let doc = null;
try {
	doc = JSON.parse(fs.readFileSync(path.join(donnees, "fiches.json"),
	    "utf8"));
} catch (e) {
	problem("fiches.json: " + e.message);
}
const fiches = doc && Array.isArray(doc.fiches) ? doc.fiches : [];
if (doc && !Array.isArray(doc.fiches))
	problem("fiches.json: no fiches array");
const jsonIds = fiches.map((f) => f.id);
if (JSON.stringify(jsonIds) !== JSON.stringify(published))
	problem("fiches.json ids differ from the published sheets: " +
	    `missing ${published.filter((i) => !jsonIds.includes(i))}, ` +
	    `extra ${jsonIds.filter((i) => !published.includes(i))}, ` +
	    "or not in id order");
for (const d of drafts)
	if (jsonIds.includes(d))
		problem(`draft ${d} in fiches.json`);
if (doc && doc.nombre_fiches !== fiches.length)
	problem(`nombre_fiches ${doc.nombre_fiches} != ${fiches.length}`);
const keys0 = fiches.length ? Object.keys(fiches[0]).join(",") : "";
for (const f of fiches) {
	if (Object.keys(f).join(",") !== keys0)
		problem(`fiches.json ${f.id}: keys differ from the first record`);
	if (f.statut !== "actif" && f.statut !== "ferme")
		problem(`fiches.json ${f.id}: statut ${f.statut}`);
	if (!doc.url || f.url !== `${doc.url}fiches/${f.id}/`)
		problem(`fiches.json ${f.id}: url ${f.url}`);
}

// RFC 4180 with ";" as the separator. Returns rows of fields, or throws.
function parseCSV(s) {
	const rows = [];
	let row = [], field = "", i = 0;
	while (i < s.length) {
		if (s[i] === '"' && field === "") {
			i++;
			for (;;) {
				if (i >= s.length)
					throw new Error("unterminated quote");
				if (s[i] === '"') {
					if (s[i + 1] === '"') {
						field += '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				field += s[i++];
			}
			if (i < s.length && s[i] !== ";" && s[i] !== "\r")
				throw new Error(`text after a closing quote ` +
				    `(row ${rows.length + 1})`);
		} else if (s[i] === ";") {
			row.push(field);
			field = "";
			i++;
		} else if (s[i] === "\r" && s[i + 1] === "\n") {
			row.push(field);
			rows.push(row);
			row = [];
			field = "";
			i += 2;
		} else if (s[i] === '"' || s[i] === "\n" || s[i] === "\r") {
			throw new Error(`bare ${JSON.stringify(s[i])} in an ` +
			    `unquoted field (row ${rows.length + 1})`);
		} else
			field += s[i++];
	}
	if (field !== "" || row.length > 0)
		throw new Error("last row without CRLF");
	return rows;
}

let csv = "";
try {
	csv = fs.readFileSync(path.join(donnees, "fiches.csv"), "utf8");
} catch (e) {
	problem("fiches.csv: " + e.message);
}
if (!csv.startsWith("\uFEFF"))
	problem("fiches.csv: no UTF-8 byte order mark");
let rows = [];
try {
	rows = parseCSV(csv.replace(/^\uFEFF/, ""));
} catch (e) {
	problem("fiches.csv: " + e.message);
}
if (rows.length !== published.length + 1)
	problem(`fiches.csv: ${rows.length} rows, want ${published.length + 1}`);
if (rows.length > 0) {
	const width = rows[0].length;
	if (rows[0][0] !== "id")
		problem("fiches.csv: the header does not start with id");
	rows.forEach((r, i) => {
		if (r.length !== width)
			problem(`fiches.csv row ${i + 1}: ${r.length} ` +
			    `fields, header has ${width}`);
	});
	const csvIds = rows.slice(1).map((r) => r[0]);
	if (JSON.stringify(csvIds) !== JSON.stringify(jsonIds))
		problem("fiches.csv ids differ from fiches.json's");
	for (const d of drafts)
		if (csvIds.includes(d))
			problem(`draft ${d} in fiches.csv`);
}
if (problems > 0) {
	console.log(`${problems} problem(s)`);
	process.exit(1);
}
console.log(`ok: ${fiches.length} sheets, ${drafts.length} draft(s) left ` +
    `out, ${rows.length} CSV rows of ${rows[0].length} fields`);
