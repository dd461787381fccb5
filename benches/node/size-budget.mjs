// The wasm size budget, run by `cargo make test` after `build`: fails when the
// gzip -9 size of the shipped wasm (every .wasm in dist/chrome, or
// target/wasm-pkg before the extension exists) grows more than 10% above the
// committed baseline, benches/wasm-size-baseline.json. A size check, not a
// timing: it is deterministic for a given toolchain.
//
//   node benches/node/size-budget.mjs            check
//   node benches/node/size-budget.mjs --update   write the current size as the baseline
//                                                (cargo make size-baseline)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, wasmSizes } from './common.mjs';

const BASELINE = join(ROOT, 'benches', 'wasm-size-baseline.json');
const ALLOWED_GROWTH = 0.10;
const int = (n) => Math.round(n).toLocaleString('en-US');

const now = wasmSizes();
if (process.argv.includes('--update')) {
  const baseline = {
    wasm_gz_bytes: now.wasm_gz_bytes,
    wasm_bytes: now.wasm_bytes,
    measured_on: now.dir,
    files: now.files.map((f) => f.file),
    updated: new Date().toISOString().slice(0, 10),
    how: 'cargo make size-baseline after cargo make build; commit it with the change that moved the size, saying why',
  };
  writeFileSync(BASELINE, JSON.stringify(baseline, null, 2) + '\n');
  console.log(`size-budget: baseline set to ${int(now.wasm_gz_bytes)} bytes gzip -9 (${now.dir}) in benches/wasm-size-baseline.json`);
  process.exit(0);
}

if (!existsSync(BASELINE)) {
  console.error('size-budget: FAILED: no benches/wasm-size-baseline.json; create it with `cargo make size-baseline` and commit it.');
  process.exit(1);
}
const baseline = JSON.parse(readFileSync(BASELINE, 'utf8'));
const limit = Math.floor(baseline.wasm_gz_bytes * (1 + ALLOWED_GROWTH));
const change = ((now.wasm_gz_bytes / baseline.wasm_gz_bytes - 1) * 100).toFixed(1);
const summary = `${int(now.wasm_gz_bytes)} bytes gzip -9 (${int(now.wasm_bytes)} raw, ${now.dir}); ` +
  `baseline ${int(baseline.wasm_gz_bytes)} (${baseline.measured_on}, ${baseline.updated}), ${change >= 0 ? '+' : ''}${change}%; limit ${int(limit)} (+10%)`;
if (now.wasm_gz_bytes > limit) {
  console.error(`size-budget: FAILED: the wasm grew more than 10% above the baseline: ${summary}.`);
  console.error('size-budget: find what grew (cargo make bench writes a twiggy breakdown to target/bench/report.md) and shrink it;');
  console.error('size-budget: or, if the growth is deliberate, update the baseline with `cargo make size-baseline`');
  console.error('size-budget: and commit benches/wasm-size-baseline.json in the same commit as the change, saying why.');
  process.exit(1);
}
console.log(`size-budget: ok: ${summary}`);
if (now.wasm_gz_bytes < baseline.wasm_gz_bytes * (1 - ALLOWED_GROWTH)) {
  console.log('size-budget: the wasm is now more than 10% smaller than the baseline: lower it with `cargo make size-baseline` to keep the budget tight.');
}
