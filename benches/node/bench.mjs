// `cargo make bench-no-browser` (and `cargo make bench`): everything that needs no browser. Interleaves rounds of
// the native bench (benches/gen.rs: Passwright and the passwords crate) with
// rounds of the Node bench (benches/node/gen.mjs: the wasm core and the npm
// package generate-password), takes the medians, measures the wasm linear
// memory's growth and the shipped wasm's size with twiggy's view of it, writes
// target/bench/parts/{gen,memory,size}.json and then the report
// (benches/node/report.mjs, whose header says how other parts are added).
//
//   node benches/node/bench.mjs [--rounds 7] [--secs 1]
//
// Expects what the Makefile task (bench-no-browser) builds first:
// target/wasm-pkg/<crate> (build-wasm), target/bench/wasm-core
// (benches/wasm-core/wasm_core.rs for Node) and target/bench/named/<crate>
// (each module, optimised the same way but with its function names kept, for
// twiggy).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { ROOT, gzipSize, wasmSizes } from './common.mjs';
import { PARTS, writeReport } from './report.mjs';

const { values: opt } = parseArgs({
  options: { rounds: { type: 'string', default: '7' }, secs: { type: 'string', default: '1' } },
});
const rounds = Number(opt.rounds);
const secs = opt.secs;
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}
const jsonLines = (text) => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

function median(values) {
  const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
const int = (n) => Math.round(n).toLocaleString('en-US');

/** The native bench's executable (built by `cargo bench --no-run`). */
function nativeBench() {
  const out = run('cargo', ['bench', '--bench', 'gen', '--no-run', '--message-format=json']);
  const exe = jsonLines(out).find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'gen' && m.executable)?.executable;
  if (!exe) throw new Error('cargo bench --no-run did not report the gen executable');
  return exe;
}

// ---------------------------------------------------------------- rates

const exe = nativeBench();
const samples = [];
console.log(`bench: ${rounds} rounds of ${secs} s per contender, native and Node interleaved`);
for (let round = 0; round < rounds; round++) {
  const native = () => jsonLines(run(exe, ['--rounds', '1', '--secs', secs, '--json']))[0];
  const node = () => jsonLines(run(process.execPath, [join(ROOT, 'benches', 'node', 'gen.mjs'), '--rounds', '1', '--secs', secs, '--json']))[0];
  const [a, b] = round % 2 === 0 ? [native(), node()] : [node(), native()];
  const s = { ...a, ...b, round };
  samples.push(s);
  console.log(`bench: round ${round}: native ${int(s.native)}/s, passwords crate ${int(s.passwords_crate)}/s, ` +
    `wasm ${int(s.wasm)}/s, generate-password ${int(s.generate_password_npm)}/s` +
    (s.wasm_core ? `, wasm core without the object API ${int(s.wasm_core)}/s` : ''));
}
const med = (key) => median(samples.map((s) => s[key]));
const gen = {
  native: med('native'),
  wasm: med('wasm'),
  generate_password_npm: med('generate_password_npm'),
  passwords_crate: med('passwords_crate'),
};
// The wasm median over the passwords crate's native median (both from this run).
gen.wasm_vs_passwords_crate = gen.wasm && gen.passwords_crate ? Number((gen.wasm / gen.passwords_crate).toFixed(3)) : null;
const detail = { wasm_spec_request: med('wasm_spec_request'), wasm_core: med('wasm_core'), native_thread_rng: med('native_thread_rng') };
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : 'n/a');

// ---------------------------------------------------------------- memory

const memory = jsonLines(run(process.execPath, [join(ROOT, 'benches', 'node', 'gen.mjs'), '--memory', '--json']))[0];
console.log(`bench: linear memory ${memory.before_bytes} -> ${memory.after_bytes} bytes over ${memory.count} generate+check`);

// ---------------------------------------------------------------- size

const size = wasmSizes();
console.log(`bench: ${size.dir}: ${int(size.wasm_bytes)} bytes, ${int(size.wasm_gz_bytes)} gzip -9`);

// Each module that build-wasm makes (target/wasm-pkg/<crate>/), gzip -9.
const MODULES = ['background', 'panel', 'pages', 'tool'];
const moduleFile = (m) => join(ROOT, 'target', 'wasm-pkg', `passwright-${m}`, `passwright_${m}_bg.wasm`);
const byModule = Object.fromEntries(MODULES.map((m) => [m, existsSync(moduleFile(m)) ? gzipSize(moduleFile(m)) : null]));
const byModuleRaw = Object.fromEntries(MODULES.map((m) => [m, existsSync(moduleFile(m)) ? statSync(moduleFile(m)).size : null]));
console.log(`bench: gzip -9 per module: ${MODULES.map((m) => `${m} ${byModule[m] === null ? 'not built' : int(byModule[m])}`).join(', ')}`);

function twiggy(args) {
  try {
    return execFileSync('twiggy', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  } catch {
    return null;
  }
}

/** Crate of a function name as twiggy prints it (`<alloc::vec::Vec<T>>::push` is alloc). */
function crateOf(name) {
  if (name.startsWith('"function names"') || name.startsWith('"local names"') || /^"\w+ names"/.test(name)) return '(name section, not shipped)';
  if (name.startsWith('data segment')) return '(data: strings, tables, panic locations)';
  if (name.includes('multivalue shim')) return '(wasm-bindgen export shims, bodies inlined)';
  if (/^(import|export|type|table|elem|code|custom|__wbindgen|__externref)/.test(name)) return '(wasm-bindgen glue, tables)';
  const n = name.replace(/^[<&\s]+/, '').replace(/^mut /, '').replace(/^dyn /, '');
  const first = n.match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0] ?? '?';
  if (first.startsWith('passwright')) {
    if (/serde|Deserialize|Serialize|Visitor/.test(name)) return `${first} (serde derives)`;
    return first;
  }
  if (['core', 'alloc', 'std', 'f64', 'f32', 'str', 'char', 'usize', 'u64', 'u32', 'i64', 'i32', 'u8', 'T', 'F', '__rustc', 'compiler_builtins'].includes(first)) {
    return /fmt|flt2dec|Display|Debug|Formatter|pad_integral|escape/.test(name) ? 'Rust std: formatting' : 'Rust std: other';
  }
  if (['serde', 'serde_core', 'serde_json', 'serde_wasm_bindgen', 'zmij', 'itoa'].includes(first)) return 'serde, serde-wasm-bindgen';
  if (['wasm_bindgen', 'js_sys', 'web_sys', 'wasm_bindgen_futures'].includes(first)) return 'wasm-bindgen, js-sys, web-sys';
  if (['password_rules_parser', 'nom', 'itertools', 'pretty_lint', 'colored', 'once_cell', 'memchr'].includes(first)) return 'password-rules-parser and its deps';
  return first;
}

function sizeMarkdown(module) {
  const named = join(ROOT, 'target', 'bench', 'named', `passwright-${module}`, `passwright_${module}_bg.wasm`);
  const rel = `target/bench/named/passwright-${module}/passwright_${module}_bg.wasm`;
  if (!existsSync(named)) return { notes: [`${module}: twiggy: ${rel} not built; no breakdown`], markdown: '' };
  const csv = twiggy(['top', '-n', '100000', '--format', 'csv', named]);
  if (!csv) return { notes: [`${module}: twiggy not installed (cargo install twiggy); no breakdown`], markdown: '' };
  const items = csv.trim().split('\n').slice(1).map((line) => {
    // Name,ShallowSize,ShallowSizePercent,... with the name CSV-quoted.
    const m = line.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),/);
    return m ? { name: m[1].replace(/^"|"$/g, '').replace(/""/g, '"'), bytes: Number(m[2]) } : null;
  }).filter((x) => x && !x.name.startsWith('Σ') && !x.name.startsWith('...'));
  const total = items.reduce((s, i) => s + i.bytes, 0);
  const names = items.filter((i) => crateOf(i.name).startsWith('(name section')).reduce((s, i) => s + i.bytes, 0);
  const shipped = total - names;
  const byCrate = new Map();
  for (const i of items) byCrate.set(crateOf(i.name), (byCrate.get(crateOf(i.name)) ?? 0) + i.bytes);
  const pct = (b) => `${((100 * b) / shipped).toFixed(1)}%`;
  const md = [`### Where the wasm bytes are: ${module}`, ''];
  md.push(`twiggy on ${rel}: the module built and optimised the same way as build-wasm's but with ` +
    `its function names kept (${int(shipped)} bytes without the name section; ${int(statSync(named).size)} with it; ` +
    `the shipped file: ${int(byModuleRaw[module] ?? 0)} bytes, ${int(byModule[module] ?? 0)} gzip -9). Shares are of the bytes without names.`, '');
  md.push('By crate (shallow bytes of every item, grouped by the crate its name starts with; generic code is counted where it was instantiated from):', '');
  md.push('| crate or kind | bytes | share |', '|---|---|---|');
  for (const [c, b] of [...byCrate].filter(([c]) => !c.startsWith('(name section')).sort((a, b) => b[1] - a[1]).slice(0, 14)) {
    md.push(`| ${c} | ${int(b)} | ${pct(b)} |`);
  }
  md.push('', '`twiggy top -n 15` (largest single items):', '', '```');
  md.push((twiggy(['top', '-n', '16', named]) ?? '').split('\n').filter((l) => !l.includes('function names')).map((l) => l.slice(0, 150)).join('\n').trim());
  md.push('```', '', '`twiggy dominators -d 2 -r 14` (what keeps the most bytes alive):', '', '```');
  md.push((twiggy(['dominators', '-d', '2', '-r', '14', named]) ?? '').split('\n').map((l) => l.slice(0, 150)).join('\n').trim());
  md.push('```');
  const sum = (pred) => items.filter((i) => !crateOf(i.name).startsWith('(name section') && pred(i.name)).reduce((s, i) => s + i.bytes, 0);
  const content = sum((n) => /serde::private::de::content|Content(Ref)?Deserializer|FlatMap|TaggedContent/.test(n));
  const floats = sum((n) => /flt2dec|<f64 as core[^>]*::fmt::Display>|<f32 as core[^>]*::fmt::Display>/.test(n));
  const serdeAll = sum((n) => /serde/.test(n));
  md.push('', `Of which: every item whose name mentions serde ${int(serdeAll)} (${pct(serdeAll)}); serde's Content buffering, ` +
    `instantiated by #[serde(flatten)], #[serde(tag)] and untagged types, ${int(content)} (${pct(content)}); ` +
    `float formatting (core::fmt for f64, kept by serde's error messages) ${int(floats)} (${pct(floats)}).`);
  const top = [...byCrate].filter(([c]) => !c.startsWith('(name section')).sort((a, b) => b[1] - a[1]).slice(0, 4);
  return {
    notes: [`${module}: largest contributors: ${top.map(([c, b]) => `${c} ${pct(b)}`).join(', ')}; every item mentioning serde ${pct(serdeAll)}, serde's Content buffering alone ${pct(content)} (twiggy, named build)`],
    markdown: md.join('\n'),
  };
}

// ---------------------------------------------------------------- parts

mkdirSync(PARTS, { recursive: true });
const write = (name, part) => writeFileSync(join(PARTS, name), JSON.stringify(part, null, 2) + '\n');

write('gen.json', {
  gen_per_sec: gen,
  _meta: {
    source: 'cargo make bench (benches/gen.rs natively, benches/node/gen.mjs in Node)',
    measured_at: now(),
    notes: [
      `policy: 16 characters, upper, lower and digit each required; medians of ${rounds} rounds of ${secs} s each, native and Node rounds interleaved`,
      'native: passwright::generate::Generator (prepared once) with one passwright::rng::SystemRng; passwords crate: PasswordGenerator strict, 16, numbers, lowercase, uppercase, no symbols (rand\'s thread RNG)',
      `wasm: the standalone page's wasm (target/wasm-pkg/passwright-tool, speed profile) in Node, its Generator handle compiled once for {"source":{"rules":"minlength: 16; maxlength: 16; required: upper; required: lower; required: digit"},"kind":"web"}, nextMany(100) per call; beside it (details) one next() per call, and generate() of the object API, which reads the request object and parses the passwordrules, compiles the policy, keys a SystemRng from crypto.getRandomValues, spells the NATO words and returns an object on every call: ${int(med('wasm_object_api') ?? 0)}/s`,
      `detail: the same object API with the policy as a spec instead of passwordrules text: ${int(detail.wasm_spec_request ?? 0)}/s; the generator alone as wasm (benches/wasm-core/wasm_core.rs: one prepared Generator and SystemRng, no object API): ${detail.wasm_core ? `${int(detail.wasm_core)}/s, ${ratio(detail.wasm_core, gen.generate_password_npm)}× generate-password` : 'not built'}`,
      `ratios: native/npm ${ratio(gen.native, gen.generate_password_npm)}, wasm/npm ${ratio(gen.wasm, gen.generate_password_npm)}, native/passwords crate ${ratio(gen.native, gen.passwords_crate)}, wasm/passwords crate (native) ${ratio(gen.wasm, gen.passwords_crate)}`,
      `detail: the native generator drawing from rand's thread RNG (ChaCha12, as the passwords crate does) instead of SystemRng (ChaCha20 keyed from getrandom): ${int(detail.native_thread_rng ?? 0)}/s`,
      `every round: ${samples.map((s) => `[native ${int(s.native)}, passwords ${int(s.passwords_crate)}, wasm ${int(s.wasm)}, npm ${int(s.generate_password_npm)}]`).join(' ')}`,
    ],
    details: { rounds: samples, medians: { ...gen, ...detail } },
  },
});

write('memory.json', {
  wasm_memory_growth_bytes: memory.growth_bytes,
  _meta: {
    source: 'cargo make bench (benches/node/gen.mjs --memory)',
    measured_at: now(),
    notes: [`memory.buffer.byteLength ${int(memory.before_bytes)} after ${int(memory.warmup)} warm-up generate+check cycles, ${int(memory.after_bytes)} after ${int(memory.count)} more`],
  },
});

const analyses = MODULES.map(sizeMarkdown);
const analysis = { notes: analyses.flatMap((a) => a.notes), markdown: analyses.map((a) => a.markdown).filter(Boolean).join('\n\n') };
write('size.json', {
  wasm_bytes: size.wasm_bytes,
  wasm_gz_bytes: size.wasm_gz_bytes,
  wasm_gz_bytes_by_module: byModule,
  _meta: {
    source: 'cargo make bench (benches/node/common.mjs wasmSizes: gzip -9 of every .wasm, summed)',
    measured_at: now(),
    notes: [
      size.dir === 'dist/chrome'
        ? `every .wasm in dist/chrome: ${size.files.map((f) => `${f.file} ${int(f.bytes)} B, ${int(f.gz_bytes)} B gzip -9`).join('; ')}`
        : `dist/chrome does not exist yet: measured target/wasm-pkg (all four modules, the tool's included), which build.mjs copies into dist/chrome: ${size.files.map((f) => `${f.file} ${int(f.bytes)} B, ${int(f.gz_bytes)} B gzip -9`).join('; ')}`,
      `wasm_gz_bytes_by_module: gzip -9 of target/wasm-pkg/passwright-<module>/passwright_<module>_bg.wasm (build-wasm); the tool's module ships in dist/web only, not in the extension`,
      ...analysis.notes,
    ],
    markdown: analysis.markdown,
  },
});

const { warnings } = writeReport();
for (const w of warnings) console.error(`bench: warning: ${w}`);
console.log('bench: wrote target/bench/report.md and target/bench/report.json');
