// Parse GIFT files with gift-pegjs (pinned in tests/browser/package.json) and print the result as JSON.
// Usage: node gift_parse.js FILE...   Prints {"FILE": [questions...]}; on a syntax error prints
// "FILE:LINE:COLUMN: message" on stderr and exits 1. Used by tests/export/test_gift.py.
"use strict";
const fs = require("fs");
const path = require("path");

const parser = require(path.join(__dirname, "..", "browser", "node_modules", "gift-pegjs"));
const out = {};
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  try {
    out[file] = parser.parse(text);
  } catch (err) {
    const where = err.location ? `${err.location.start.line}:${err.location.start.column}` : "1:1";
    process.stderr.write(`${file}:${where}: ${err.message}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(out));
