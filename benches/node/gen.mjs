// Generation rate in Node: the standalone page's wasm module
// (target/wasm-pkg/passwright-tool, the files dist/web ships; speed profile)
// through its Generator handle (and its object API), against the npm package
// generate-password, interleaved in one process; and the growth of the wasm
// linear memory over many generations and checks. A benchmark, not a test.
//
//   node benches/node/gen.mjs [--rounds 7] [--secs 1] [--json]   rates, one line per round
//   node benches/node/gen.mjs --memory [--warmup 1000] [--count 100000] [--json]
//
// Driven by benches/node/bench.mjs (`cargo make bench`), which interleaves
// these rounds with the native ones and takes the medians.

import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { ROOT } from './common.mjs';

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    secs: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    memory: { type: 'boolean', default: false },
    warmup: { type: 'string', default: '1000' },
    count: { type: 'string', default: '100000' },
  },
});

// The policy of every figure: 16 characters, upper, lower and digit each required.
const RULES = 'minlength: 16; maxlength: 16; required: upper; required: lower; required: digit';
// The module's API takes and returns plain objects (serde-wasm-bindgen), no JSON text.
const REQUEST = { source: { rules: RULES }, kind: 'web' };
// The same policy as a spec (no passwordrules text to parse on each call).
const SPEC_REQUEST = {
  source: { spec: { web: { min_upper: 1, min_lower: 1, min_digits: 1 } } },
  kind: 'web',
  length: 16,
};
const NPM_OPTIONS = { length: 16, numbers: true, uppercase: true, lowercase: true, symbols: false, strict: true };

/** The standalone page's wasm package (build-wasm), instantiated in Node: its exports and its memory. */
async function loadCore() {
  const pkg = join(ROOT, 'target', 'wasm-pkg', 'passwright-tool');
  const glue = join(pkg, 'passwright_tool.js');
  if (!existsSync(glue)) throw new Error(`no ${glue}: run cargo make build-wasm first`);
  // wasm-bindgen's --target web glue is an ES module in a folder without a
  // package.json: load a .mjs copy of it so Node takes it as one.
  const here = join(ROOT, 'target', 'bench', 'pkg');
  mkdirSync(here, { recursive: true });
  copyFileSync(glue, join(here, 'passwright_tool.mjs'));
  const core = await import(join(here, 'passwright_tool.mjs'));
  const exports = core.initSync({ module: readFileSync(join(pkg, 'passwright_tool_bg.wasm')) });
  return { core, memory: exports.memory };
}

/** The core alone (no object API): benches/wasm-core/wasm_core.rs, when built by `cargo make bench-no-browser`. */
function loadBareCore() {
  const file = join(ROOT, 'target', 'bench', 'wasm-core', 'wasm_core.js');
  return existsSync(file) ? createRequire(import.meta.url)(file) : null;
}

const npm = createRequire(join(ROOT, 'package.json'))('generate-password');

function compliant(password) {
  return password.length === 16 && /[A-Z]/.test(password) && /[a-z]/.test(password) && /[0-9]/.test(password);
}

/** Calls `make` (which makes `per` passwords) until `secs` have passed; passwords per second. */
function rate(secs, make, per = 1) {
  const budget = secs * 1000;
  const start = performance.now();
  let made = 0;
  let sink = 0;
  for (;;) {
    for (let i = 0; i < 64; i++) sink += make();
    made += 64 * per;
    const elapsed = performance.now() - start;
    if (elapsed >= budget) {
      if (sink < 0) console.log(sink); // keep the results alive
      return (made * 1000) / elapsed;
    }
  }
}

const { core, memory } = await loadCore();
const bare = loadBareCore();
const BARE_BATCH = 100;

// The core as wasm: one compiled generator (the object API's Generator handle).
const handle = new core.Generator(REQUEST);
const HANDLE_BATCH = 100;
// Headline: a batch per call (nextMany), as a page making many passwords would;
// one call per password is reported beside it.
const wasm = () => handle.nextMany(HANDLE_BATCH).length;
const wasmOne = () => handle.next().length;
const wasmObject = () => core.generate(REQUEST).password.length;
const wasmSpec = () => core.generate(SPEC_REQUEST).password.length;
const theirs = () => npm.generate({ ...NPM_OPTIONS }).length;
const bareCore = () => bare.generate_many(BARE_BATCH);

// Every contender makes compliant passwords, or the comparison means nothing.
for (let i = 0; i < 200; i++) {
  if (handle.nextMany(10).split('\n').filter((p) => compliant(p)).length !== 10) throw new Error('nextMany: not 10 compliant');
  for (const pw of [handle.next(), core.generate(REQUEST).password, core.generate(SPEC_REQUEST).password, npm.generate({ ...NPM_OPTIONS })]) {
    if (!compliant(pw)) throw new Error(`not compliant: ${pw}`);
  }
}
if (bare && bare.generate_many(10) !== 160) throw new Error('wasm_core: not 10 passwords of 16 characters');

function print(obj, text) {
  console.log(opt.json ? JSON.stringify(obj) : text);
}

if (opt.memory) {
  // Growth of the linear memory: after a warm-up, generations and checks of
  // what was generated must not grow it (no leak, no ratchet).
  const check = (password) => core.check({ source: { rules: RULES }, kind: 'web', password });
  const cycle = () => {
    const { password } = core.generate(REQUEST);
    if (!check(password).compliant) throw new Error(`generated but not compliant: ${password}`);
  };
  const warmup = Number(opt.warmup);
  const count = Number(opt.count);
  for (let i = 0; i < warmup; i++) cycle();
  const before = memory.buffer.byteLength;
  for (let i = 0; i < count; i++) cycle();
  const after = memory.buffer.byteLength;
  print(
    { warmup, count, before_bytes: before, after_bytes: after, growth_bytes: after - before },
    `linear memory: ${before} bytes after ${warmup} warm-up cycles, ${after} after ${count} more generate+check: growth ${after - before}`,
  );
} else {
  const secs = Number(opt.secs);
  const warm = Math.min(secs, 0.3);
  rate(warm, wasm, HANDLE_BATCH);
  rate(warm, theirs);
  rate(warm, wasmSpec);
  if (bare) rate(warm, bareCore, BARE_BATCH);
  for (let round = 0; round < Number(opt.rounds); round++) {
    const r = { round };
    // Alternate which goes first; the details get half the time.
    const order = round % 2 === 0 ? ['wasm', 'npm'] : ['npm', 'wasm'];
    for (const which of order) {
      if (which === 'wasm') r.wasm = Math.round(rate(secs, wasm, HANDLE_BATCH));
      else r.generate_password_npm = Math.round(rate(secs, theirs));
    }
    r.wasm_one_per_call = Math.round(rate(secs / 2, wasmOne));
    r.wasm_object_api = Math.round(rate(secs / 2, wasmObject));
    r.wasm_spec_request = Math.round(rate(secs / 2, wasmSpec));
    if (bare) r.wasm_core = Math.round(rate(secs / 2, bareCore, BARE_BATCH));
    print(
      r,
      `round ${round}: wasm (Generator handle, batches of ${HANDLE_BATCH}) ${r.wasm}/s   generate-password ${r.generate_password_npm}/s   ` +
        `wasm, one per call ${r.wasm_one_per_call}/s   ` +
        `wasm, object API ${r.wasm_object_api}/s   ` +
        `wasm, spec request ${r.wasm_spec_request}/s` + (bare ? `   wasm core, no API ${r.wasm_core}/s` : ''),
    );
  }
}
