// tests/docs/validate.js SCHEMA DATA.json: validates each record of DATA
// (a JSON array of {file, data}) against the JSON Schema with Ajv in
// strict mode; prints "ok FILE" or "invalid FILE: errors".
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const [schemaPath, dataPath] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
for (const { file, data } of JSON.parse(fs.readFileSync(dataPath, "utf8"))) {
	if (validate(data))
		console.log("ok " + file);
	else
		console.log("invalid " + file + ": " +
		    JSON.stringify(validate.errors.map((e) =>
			e.instancePath + " " + e.message + " " +
			JSON.stringify(e.params))));
}
