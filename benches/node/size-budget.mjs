// The wasm size budget, run by `cargo make test` after `build`: fails when the
// gzip -9 size of any shipped wasm module (each .wasm in dist/chrome, or
// target/wasm-pkg before the extension exists) grows more than 10% above its
// committed baseline, benches/wasm-size-baseline.json, or when a module has
// no baseline. A size check, not a timing: it is deterministic for a given
// toolchain. The architecture issue's goals (the panel's module at most
// 60 KB, all shipped wasm at most 150 KB) are reported, not enforced here:
// `cargo make bench` puts them in the report's goal table.
//
//   node benches/node/size-budget.mjs            check
//   node benches/node/size-budget.mjs --update   write the current sizes as the baseline
//                                                (cargo make size-baseline)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { ROOT, wasmSizes } from './common.mjs';

const BASELINE = join(ROOT, 'benches', 'wasm-size-baseline.json');
const ALLOWED_GROWTH = 0.10;
const int = (n) => Math.round(n).toLocaleString('en-US');

const now = wasmSizes();
const byModule = Object.fromEntries(now.files.map((f) => [basename(f.file), { gz_bytes: f.gz_bytes, bytes: f.bytes }]));
if (process.argv.includes('--update')) {
  const baseline = {
    modules: byModule,
    wasm_gz_bytes: now.wasm_gz_bytes,
    wasm_bytes: now.wasm_bytes,
    measured_on: now.dir,
    updated: new Date().toISOString().slice(0, 10),
    how: 'cargo make size-baseline after cargo make build; commit it with the change that moved the size, saying why',
  };
  writeFileSync(BASELINE, JSON.stringify(baseline, null, 2) + '\n');
  console.log(`size-budget: baseline set to ${int(now.wasm_gz_bytes)} bytes gzip -9 over ${now.files.length} modules (${now.dir})`);
  process.exit(0);
}

if (!existsSync(BASELINE)) {
  console.error('size-budget: FAILED: no benches/wasm-size-baseline.json; create it with `cargo make size-baseline` and commit it.');
  process.exit(1);
}
const baseline = JSON.parse(readFileSync(BASELINE, 'utf8'));
const failures = [];
for (const [name, size] of Object.entries(byModule)) {
  const base = baseline.modules?.[name];
  if (!base) {
    failures.push(`${name}: ${int(size.gz_bytes)} bytes and no baseline`);
    continue;
  }
  const limit = Math.floor(base.gz_bytes * (1 + ALLOWED_GROWTH));
  const change = ((size.gz_bytes / base.gz_bytes - 1) * 100).toFixed(1);
  const line = `${name}: ${int(size.gz_bytes)} bytes gzip -9 (baseline ${int(base.gz_bytes)}, ${change >= 0 ? '+' : ''}${change}%, limit ${int(limit)})`;
  if (size.gz_bytes > limit) failures.push(line);
  else console.log(`size-budget: ok: ${line}`);
  if (size.gz_bytes < base.gz_bytes * (1 - ALLOWED_GROWTH)) {
    console.log(`size-budget: ${name} is now more than 10% below its baseline: lower it with \`cargo make size-baseline\`.`);
  }
}
console.log(`size-budget: all shipped wasm ${int(now.wasm_gz_bytes)} bytes gzip -9 (${now.dir}, baseline ${baseline.updated})`);
if (failures.length) {
  for (const f of failures) console.error(`size-budget: FAILED: ${f}`);
  console.error('size-budget: find what grew (cargo make bench writes a twiggy breakdown per module to target/bench/report.md) and shrink it;');
  console.error('size-budget: or, if the growth is deliberate, update the baseline with `cargo make size-baseline`');
  console.error('size-budget: and commit benches/wasm-size-baseline.json in the same commit as the change, saying why.');
  process.exit(1);
}
