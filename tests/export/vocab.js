#!/usr/bin/env node
// tests/export/vocab.js EXPORT_C SCHEMA_DIR
//
// The vocabularies that src/export.c filters content values with must be
// the data·inclusion ones: each table that follows a "/* vocab: F.json */"
// comment must hold exactly the values of SCHEMA_DIR/extra/F.json, or,
// for a table of pairs ("(second column)"), only values of it. Exits 1 on
// a difference or when no table is found.
"use strict";
const fs = require("fs");
const path = require("path");

const [src, schemaDir] = process.argv.slice(2);
if (!src || !schemaDir) {
	console.error("usage: vocab.js EXPORT_C SCHEMA_DIR");
	process.exit(2);
}
const c = fs.readFileSync(src, "utf8");
const re = /\/\* vocab: ([a-z-]+\.json)( \(second column\))? \*\/[^{]*\{([\s\S]*?)\n\};/g;
let problems = 0, tables = 0;
for (const m of c.matchAll(re)) {
	tables++;
	const vocab = JSON.parse(fs.readFileSync(path.join(schemaDir, "extra",
	    m[1]), "utf8")).map((o) => o.value);
	// Adjacent literals ("a" "b") are one string in C.
	const body = m[3].replace(/"\s+"/g, "");
	let values = [...body.matchAll(/"([^"\\]*)"/g)].map((x) => x[1]);
	if (m[2])
		values = values.filter((_, i) => i % 2 === 1);
	for (const v of values)
		if (!vocab.includes(v)) {
			problems++;
			console.log(`problem: ${m[1]}: "${v}" is not in the vocabulary`);
		}
	if (!m[2])
		for (const v of vocab)
			if (!values.includes(v)) {
				problems++;
				console.log(`problem: ${m[1]}: "${v}" missing`);
			}
	if (new Set(values).size !== values.length && !m[2]) {
		problems++;
		console.log(`problem: ${m[1]}: duplicate values`);
	}
}
if (tables === 0) {
	console.log("problem: no vocab table found in " + src);
	process.exit(1);
}
if (problems > 0)
	process.exit(1);
console.log(`ok: ${tables} tables`);
