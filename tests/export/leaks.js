#!/usr/bin/env node
// tests/export/leaks.js DIR CONTENT
//
// contacts_pro must never reach the public site: reads the names, e-mail
// addresses and telephone numbers of every contacts_pro entry of
// CONTENT/fiches/*.md (flow {nom: …} or block style) and looks for them
// in every file under DIR, as raw text and, for .json files, in the
// decoded strings too (so that an escaped form is caught). A name, an
// address or a number that the content also writes outside contacts_pro
// (a public contact, a body) is public and not searched. Exits 1 when
// something is found or when no contacts_pro entry was read (the check
// would be empty).
"use strict";
const fs = require("fs");
const path = require("path");

const [dir, content] = process.argv.slice(2);
if (!dir || !content) {
	console.error("usage: leaks.js DIR CONTENT");
	process.exit(2);
}
const digits = (s) => s.replace(/^\+33/, "0").replace(/\D/g, "");
const compact = (s) => s.replace(/[\s.\u00a0-]/g, "").replace(/\+33/g, "0");
const names = new Set(), emails = new Set(), phones = new Set();
const publicText = [], publicRaw = [];
const value = /\b(nom|email|telephone)\s*:\s*(?:"([^"]*)"|'([^']*)'|([^,}\n#]+))/g;

for (const f of fs.readdirSync(path.join(content, "fiches")).sort()) {
	if (!f.endsWith(".md"))
		continue;
	const text = fs.readFileSync(path.join(content, "fiches", f), "utf8");
	const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
	let inside = false;
	const section = [], rest = [];
	for (const l of lines) {
		if (/^contacts_pro\s*:/.test(l)) {
			inside = true;
			section.push(l.replace(/^contacts_pro\s*:/, ""));
			continue;
		}
		if (inside && /^([^\s#-]|---)/.test(l))
			inside = false;
		(inside ? section : rest).push(l);
	}
	for (const m of section.join("\n").matchAll(value)) {
		const v = (m[2] ?? m[3] ?? m[4]).trim();
		if (v === "")
			continue;
		if (m[1] === "nom")
			names.add(v);
		else if (m[1] === "email")
			emails.add(v.replace(/^mailto:/, "").toLowerCase());
		else
			phones.add(digits(v));
	}
	publicText.push(compact(rest.join("\n")));
	publicRaw.push(rest.join("\n"));
}
const pub = publicText.join("\n"), raw = publicRaw.join("\n");
const rawLower = raw.toLowerCase();
for (const p of [...phones])
	if (pub.includes(p))
		phones.delete(p);
for (const n of [...names])
	if (raw.includes(n))
		names.delete(n);
for (const e of [...emails])
	if (rawLower.includes(e))
		emails.delete(e);
if (names.size === 0) {
	console.log("problem: no contacts_pro entry found in the content");
	process.exit(1);
}

function files(d) {
	const out = [];
	for (const e of fs.readdirSync(d, { withFileTypes: true })) {
		const p = path.join(d, e.name);
		if (e.isDirectory())
			out.push(...files(p));
		else if (e.isFile())
			out.push(p);
	}
	return out.sort();
}
function strings(v, out) {
	if (typeof v === "string")
		out.push(v);
	else if (v && typeof v === "object")
		for (const x of Object.values(v))
			strings(x, out);
	return out;
}

let problems = 0, nfiles = 0;
for (const f of files(dir)) {
	const raw = fs.readFileSync(f);
	const texts = [raw.toString("utf8")];
	nfiles++;
	if (f.endsWith(".json")) {
		try {
			texts.push(strings(JSON.parse(texts[0]), []).join("\n"));
		} catch (e) {
			// Not ours to judge here; the text is still searched.
		}
	}
	const all = texts.join("\n");
	const lower = all.toLowerCase();
	const flat = compact(all);
	const found = [];
	for (const n of names)
		if (all.includes(n))
			found.push(n);
	for (const e of emails)
		if (lower.includes(e))
			found.push(e);
	for (const p of phones)
		if (flat.includes(p))
			found.push(p);
	if (found.length > 0) {
		problems++;
		console.log(`problem: ${path.relative(dir, f)}: ${found.join(", ")}`);
	}
}
if (problems > 0)
	process.exit(1);
console.log(`ok: ${names.size} names, ${emails.size} e-mails, ` +
    `${phones.size} numbers absent from ${nfiles} files`);
