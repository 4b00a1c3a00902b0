#!/usr/bin/env node
// tests/export/validate.js DONNEES SCHEMA_DIR
//
// Validates DONNEES/data-inclusion/{services,structures}.json against the
// data·inclusion schema v1 (service.json, structure.json in SCHEMA_DIR).
// The schemas have no "$schema" key and use "$defs", so they are read as
// JSON Schema 2020-12 (Ajv2020) with ajv-formats for uri, email and date.
// Beyond the schema: no property outside it (a typo would otherwise pass,
// the schema allows additional properties), unique ids, every service's
// structure_id names a structure, every structure has a service, one
// source. Prints each problem; exits 1 if any.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [donnees, schemaDir] = process.argv.slice(2);
if (!donnees || !schemaDir) {
	console.error("usage: validate.js DONNEES SCHEMA_DIR");
	process.exit(2);
}
let problems = 0;
function problem(msg) {
	problems++;
	if (problems <= 40)
		console.log("problem: " + msg);
}

function readJSON(file) {
	return JSON.parse(fs.readFileSync(file, "utf8"));
}

// The value an error's instancePath points at, for the message.
function valueAt(r, ptr) {
	let v = r;
	for (const k of ptr.split("/").slice(1))
		v = v == null ? v : v[k.replace(/~1/g, "/").replace(/~0/g, "~")];
	return v;
}

function closed(schema) {
	const s = JSON.parse(JSON.stringify(schema));
	s.additionalProperties = false;
	return s;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const kinds = [
	["services.json", "service.json"],
	["structures.json", "structure.json"],
];
const data = {};
for (const [file, schemaFile] of kinds) {
	const schema = readJSON(path.join(schemaDir, schemaFile));
	const validate = ajv.compile(closed(schema));
	let records;
	try {
		records = readJSON(path.join(donnees, "data-inclusion", file));
	} catch (e) {
		problem(`${file}: ${e.message}`);
		continue;
	}
	if (!Array.isArray(records)) {
		problem(`${file}: not an array`);
		continue;
	}
	if (records.length === 0)
		problem(`${file}: empty`);
	records.forEach((r, i) => {
		if (!validate(r))
			for (const e of validate.errors)
				problem(`${file}[${i}] ${r && r.id}: ` +
				    `${e.instancePath || "/"} ${e.message} ` +
				    `(value ${JSON.stringify(valueAt(r,
				    e.instancePath))})`);
	});
	const ids = new Set();
	for (const r of records) {
		if (ids.has(r.id))
			problem(`${file}: duplicate id ${r.id}`);
		ids.add(r.id);
	}
	data[file] = records;
}
const sv = data["services.json"] || [], st = data["structures.json"] || [];
const stIds = new Set(st.map((r) => r.id));
const used = new Set();
for (const r of sv) {
	if (!stIds.has(r.structure_id))
		problem(`service ${r.id}: unknown structure ${r.structure_id}`);
	used.add(r.structure_id);
}
for (const r of st)
	if (!used.has(r.id))
		problem(`structure ${r.id} has no service`);
const sources = new Set([...sv, ...st].map((r) => r.source));
if (sources.size !== 1)
	problem(`sources: ${[...sources].join(", ")}`);
if (problems > 0) {
	console.log(`${problems} problem(s)`);
	process.exit(1);
}
console.log(`ok: ${sv.length} services, ${st.length} structures`);
