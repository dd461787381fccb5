// The performance report: merges the measurements into target/bench/report.json
// and target/bench/report.md.
//
//   node benches/node/report.mjs            (cargo make bench runs it last)
//   node benches/node/report.mjs --doc      also put the goal table in docs/performance.md's "Latest run" (cargo make bench-doc)
//
// CONTRACT FOR ADDING FIGURES (e.g. the browser ones): write a JSON file to
// target/bench/parts/<name>.json, then run this script. Every part is merged,
// in file-name order; its top-level keys are the keys of report.json, with the
// same nesting, numbers in the units of the key's name:
//
//   {
//     "panel_ready_ms": { "chromium": 84.2, "firefox": 121.0 },
//     "page_load_ms": { "chromium": 30.1, "firefox": 41.7 },
//     "agent_cost_ms": { "chromium": 0.8 },
//     "flow_ms": { "chromium": 412, "firefox": 530 },
//     "flow_baseline_ms": { "chromium": 430, "firefox": 545 },
//     "_meta": {
//       "source": "cargo make bench-browser",          what measured it
//       "measured_at": "2026-11-26T18:00:00Z",          when (ISO 8601)
//       "notes": ["median of 20 headless loads", ...],  lines for the report (optional)
//       "markdown": "### Browser\n..."                  a section for the report (optional)
//     }
//   }
//
// A key may be left out or null: the report then says "not measured yet".
// Keys that are not in SKELETON below are reported as ignored. The parts that
// `cargo make bench` writes itself are gen.json, memory.json and size.json;
// it leaves other parts alone, so remove a stale part by hand.

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ROOT } from './common.mjs';

export const BENCH = join(ROOT, 'target', 'bench');
export const PARTS = join(BENCH, 'parts');

/** Every key of report.json, as in the issue; null until measured. */
export const SKELETON = {
  wasm_bytes: null,
  wasm_gz_bytes: null,
  wasm_gz_bytes_by_module: { background: null, panel: null, pages: null, tool: null },
  panel_ready_ms: { chromium: null, firefox: null },
  page_load_ms: { chromium: null, firefox: null },
  // chromium: the typical static page; mutating: a page that mutates all the time (Chromium too).
  agent_cost_ms: { chromium: null, mutating: null },
  flow_ms: { chromium: null, firefox: null },
  flow_baseline_ms: { chromium: null, firefox: null },
  bulk_per_min: { chromium: null, firefox: null },
  bulk_baseline_per_min: { chromium: null, firefox: null },
  gen_per_sec: { native: null, wasm: null, generate_password_npm: null, passwords_crate: null, wasm_vs_passwords_crate: null },
  wasm_memory_growth_bytes: null,
};

/**
 * The goals (docs/performance.md; the architecture issue's per-module size
 * goals): every wasm module the extension ships at most 150 KB gzip together,
 * the panel's (compiled on every portal page) at most 60 KB.
 */
export const WASM_GZ_GOAL = 150_000;
export const PANEL_GZ_GOAL = 60_000;
export const PANEL_READY_GOAL_MS = 80;
export const AGENT_COST_GOAL_MS = 5;

const clone = (v) => JSON.parse(JSON.stringify(v));

/** Merges the parts into a copy of SKELETON; returns the report and what was read. */
export function merge(partsDir = PARTS) {
  const report = clone(SKELETON);
  const parts = [];
  const warnings = [];
  const files = existsSync(partsDir) ? readdirSync(partsDir).filter((f) => f.endsWith('.json')).sort() : [];
  const setBy = {};
  for (const file of files) {
    let part;
    try {
      part = JSON.parse(readFileSync(join(partsDir, file), 'utf8'));
    } catch (e) {
      warnings.push(`parts/${file}: not JSON (${e.message}); ignored`);
      continue;
    }
    parts.push({ file, meta: part._meta ?? {} });
    for (const [key, value] of Object.entries(part)) {
      if (key === '_meta') continue;
      if (!(key in SKELETON)) {
        warnings.push(`parts/${file}: unknown key ${key}; ignored`);
        continue;
      }
      const leaves = SKELETON[key] === null ? [[key, null, value]] : Object.entries(value ?? {}).map(([sub, v]) => [`${key}.${sub}`, sub, v]);
      for (const [path, sub, v] of leaves) {
        if (sub !== null && !(sub in SKELETON[key])) {
          warnings.push(`parts/${file}: unknown key ${path}; ignored`);
          continue;
        }
        if (v === null || v === undefined) continue;
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          warnings.push(`parts/${file}: ${path} is not a number; ignored`);
          continue;
        }
        if (setBy[path]) warnings.push(`${path}: parts/${file} overrides parts/${setBy[path]}`);
        setBy[path] = file;
        if (sub === null) report[key] = v;
        else report[key][sub] = v;
      }
    }
  }
  return { report, parts, warnings, setBy };
}

function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
  } catch {
    return null;
  }
}

/** The machine, for the report's header. */
export function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  const os = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1] : null;
  const head = tryRun('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']);
  const dirty = tryRun('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no']);
  return {
    cpu: model.trim(),
    cores: cpus().length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    os: os ?? process.platform,
    rustc: tryRun('rustc', ['--version']) ?? 'rustc: not found',
    node: `node ${process.version}`,
    chromium: tryRun('chromium', ['--version']) ?? 'chromium: not found',
    firefox: tryRun('firefox-esr', ['--version']) ?? tryRun('firefox', ['--version']) ?? 'firefox: not found',
    commit: head ? `${head}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown',
  };
}

const NOT_MEASURED = 'not measured yet';
const int = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => `${n.toFixed(1)} ms`;
const fmt = { bytes: (n) => `${int(n)} B`, ms, rate: (n) => `${int(n)} /s` };

/**
 * One row per figure: [key, value, goal, ratio, status]. The ratio is the one
 * the goal is about, from this run: the figure over its reference (flows,
 * bulk runs, generation rates), or over the goal's limit (sizes, times).
 */
export function rows(r) {
  const out = [];
  const x = (n) => `${n.toFixed(2)}×`;
  const row = (key, value, show, goal, ratio, status) =>
    out.push([key, value === null ? NOT_MEASURED : show(value), goal, ratio === null || ratio === undefined ? '' : ratio, value === null ? '—' : status ?? '']);
  // At most `limit`: [ratio to the limit, status].
  const atMost = (value, limit, show) => {
    if (value === null) return [null, null];
    return [x(value / limit), value <= limit ? 'met' : `**missed** by ${show(value - limit)} (${((value / limit - 1) * 100).toFixed(0)}% over)`];
  };
  // a / b at least `goal`: [ratio, status].
  const atLeast = (a, b, goal) => {
    if (a === null || b === null) return [null, `needs ${b === null ? 'the reference' : 'this figure'}`];
    const q = a / b;
    return [x(q), q >= goal ? 'met' : `**missed**: needs ${(goal / q).toFixed(2)}× faster`];
  };
  const kb = (n) => `${(n / 1000).toFixed(0)} KB`;

  row('wasm_bytes', r.wasm_bytes, fmt.bytes, 'context (the extension\'s modules, raw)');
  row('wasm_gz_bytes', r.wasm_gz_bytes, fmt.bytes, `≤ ${int(WASM_GZ_GOAL)} B (${kb(WASM_GZ_GOAL)}, every module the extension ships)`,
    ...atMost(r.wasm_gz_bytes, WASM_GZ_GOAL, fmt.bytes));
  const mods = r.wasm_gz_bytes_by_module;
  row('wasm_gz_bytes_by_module.panel', mods.panel, fmt.bytes, `≤ ${int(PANEL_GZ_GOAL)} B (${kb(PANEL_GZ_GOAL)}: compiled on every portal page)`,
    ...atMost(mods.panel, PANEL_GZ_GOAL, fmt.bytes));
  row('wasm_gz_bytes_by_module.background', mods.background, fmt.bytes, 'within wasm_gz_bytes');
  row('wasm_gz_bytes_by_module.pages', mods.pages, fmt.bytes, 'within wasm_gz_bytes');
  row('wasm_gz_bytes_by_module.tool', mods.tool, fmt.bytes, 'context (dist/web only, not the extension)');
  for (const b of ['chromium', 'firefox']) {
    const v = r.panel_ready_ms[b];
    row(`panel_ready_ms.${b}`, v, ms, `≤ ${PANEL_READY_GOAL_MS} ms`, ...atMost(v, PANEL_READY_GOAL_MS, ms));
  }
  for (const b of ['chromium', 'firefox']) row(`page_load_ms.${b}`, r.page_load_ms[b], ms, 'context');
  row('agent_cost_ms.chromium', r.agent_cost_ms.chromium, ms, `≤ ${AGENT_COST_GOAL_MS} ms (static non-portal page)`,
    ...atMost(r.agent_cost_ms.chromium, AGENT_COST_GOAL_MS, ms));
  row('agent_cost_ms.mutating', r.agent_cost_ms.mutating, ms, `≤ ${AGENT_COST_GOAL_MS} ms (a page that mutates all the time)`,
    ...atMost(r.agent_cost_ms.mutating, AGENT_COST_GOAL_MS, ms));
  // Lower is better: flow over its baseline at most 1.0.
  const notSlower = (a, b) => {
    if (a === null || b === null) return [null, 'needs the baseline'];
    const q = a / b;
    return [x(q), q <= 1 ? 'met' : `**missed** by ${((q - 1) * 100).toFixed(0)}%`];
  };
  for (const b of ['chromium', 'firefox']) {
    row(`flow_ms.${b}`, r.flow_ms[b], ms, '≤ 1.0 × flow_baseline_ms', ...notSlower(r.flow_ms[b], r.flow_baseline_ms[b]));
  }
  for (const b of ['chromium', 'firefox']) row(`flow_baseline_ms.${b}`, r.flow_baseline_ms[b], ms, 'reference (WebDriver alone)');
  const perMin = (n) => `${n.toFixed(1)} /min`;
  for (const b of ['chromium', 'firefox']) {
    row(`bulk_per_min.${b}`, r.bulk_per_min[b], perMin, '≥ 1.0 × bulk_baseline_per_min (25 users)',
      ...atLeast(r.bulk_per_min[b], r.bulk_baseline_per_min[b], 1));
  }
  for (const b of ['chromium', 'firefox']) row(`bulk_baseline_per_min.${b}`, r.bulk_baseline_per_min[b], perMin, 'reference (WebDriver alone)');
  const g = r.gen_per_sec;
  row('gen_per_sec.native', g.native, fmt.rate, '≥ 1 × passwords_crate', ...atLeast(g.native, g.passwords_crate, 1));
  row('gen_per_sec.native (vs npm)', g.native, fmt.rate, '≥ 2 × generate_password_npm', ...atLeast(g.native, g.generate_password_npm, 2));
  row('gen_per_sec.wasm', g.wasm, fmt.rate, '≥ 2 × generate_password_npm', ...atLeast(g.wasm, g.generate_password_npm, 2));
  // A ratio, not a rate: the wasm figure over the passwords crate's native one.
  const wr = g.wasm_vs_passwords_crate;
  row('gen_per_sec.wasm_vs_passwords_crate', wr, x, '≥ 0.5 (wasm within 2× of passwords_crate)', wr === null ? null : x(wr),
    wr !== null && (wr >= 0.5 ? 'met' : `**missed**: needs ${(0.5 / wr).toFixed(2)}× faster`));
  row('gen_per_sec.generate_password_npm', g.generate_password_npm, fmt.rate, 'reference');
  row('gen_per_sec.passwords_crate', g.passwords_crate, fmt.rate, 'reference');
  const mem = r.wasm_memory_growth_bytes;
  row('wasm_memory_growth_bytes', mem, fmt.bytes, '0 after warm-up', null, mem !== null && (mem === 0 ? 'met' : `**missed**: grew ${int(mem)} B`));
  return out;
}

export function table(r) {
  const lines = ['| key | value | goal | ratio | status |', '|---|---|---|---|---|'];
  for (const cells of rows(r)) lines.push(`| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n');
}

export function machineLine(m, date) {
  return `Measured ${date} on ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, ${m.os}; ` +
    `${m.rustc}, ${m.node}, ${m.chromium}, ${m.firefox}; commit ${m.commit}.`;
}

/** Writes report.json and report.md; returns the markdown table block (for docs/performance.md). */
export function writeReport({ doc = false } = {}) {
  const { report, parts, warnings, setBy } = merge();
  const m = machine();
  // The date of the latest measurement, or of now when nothing was measured.
  const measured = parts.map((p) => p.meta.measured_at).filter((d) => typeof d === 'string').sort().pop();
  const date = (measured ?? new Date().toISOString()).replace(/\.\d+Z$/, 'Z').replace('T', ' ');
  mkdirSync(BENCH, { recursive: true });
  writeFileSync(join(BENCH, 'report.json'), JSON.stringify(report, null, 2) + '\n');

  const md = [];
  md.push('# Passwright performance report', '');
  md.push(machineLine(m, date), '');
  md.push(`Load average (1, 5, 15 min) when the report was written: ${loadavg().join(', ')} on ${m.cores} cores: ` +
    'on a shared, loaded machine the timings move from run to run; read them as ranges.', '');
  md.push('Medians over repeated runs; every comparison measured in the same run, interleaved. ' +
    'Benchmarks, not tests: `cargo make bench` writes this; nothing asserts on speed.', '');
  md.push(table(report), '');
  md.push('## Where each figure came from', '');
  for (const { file, meta } of parts) {
    const keys = Object.entries(setBy).filter(([, f]) => f === file).map(([k]) => k);
    md.push(`- \`target/bench/parts/${file}\`: ${meta.source ?? 'source not given'}` +
      `${meta.measured_at ? `, measured ${meta.measured_at}` : ''}; ${keys.length ? keys.join(', ') : 'no figures'}.`);
    for (const note of meta.notes ?? []) md.push(`  - ${note}`);
  }
  if (parts.length === 0) md.push('- no parts in target/bench/parts: nothing measured yet.');
  for (const w of warnings) md.push(`- warning: ${w}`);
  md.push('');
  for (const { meta } of parts) if (meta.markdown) md.push(meta.markdown.trim(), '');
  const findings = join(ROOT, 'benches', 'findings.md');
  if (existsSync(findings)) {
    md.push('## Findings and decisions', '', '(benches/findings.md, written by hand when the figures were last analysed)', '');
    md.push(readFileSync(findings, 'utf8').replace(/^# .*\n+/, '').trim(), '');
  }
  writeFileSync(join(BENCH, 'report.md'), md.join('\n'));

  const block = `${machineLine(m, date)} Load average (1, 5, 15 min) at the report: ${loadavg().join(', ')}.\n\n${table(report)}\n`;
  if (doc) updateDoc(block);
  return { report, warnings, block };
}

const BEGIN = '<!-- bench:begin (cargo make bench-doc writes this block) -->';
const END = '<!-- bench:end -->';

/** The load averages (the machine's other work skews the figures). */
function loadavg() {
  return existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3) : ['?', '?', '?'];
}

/** Replaces the marked block in docs/performance.md's "Latest run" section. */
function updateDoc(block) {
  const path = join(ROOT, 'docs', 'performance.md');
  const text = readFileSync(path, 'utf8');
  const [a, b] = [text.indexOf(BEGIN), text.indexOf(END)];
  if (a < 0 || b < a) throw new Error(`docs/performance.md has no ${BEGIN} ... ${END} block to replace`);
  writeFileSync(path, text.slice(0, a + BEGIN.length) + '\n' + block + text.slice(b));
  console.log('report: docs/performance.md "Latest run" table updated');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { warnings } = writeReport({ doc: process.argv.includes('--doc') });
  for (const w of warnings) console.error(`report: warning: ${w}`);
  console.log(`report: ${join('target', 'bench', 'report.md')} and report.json`);
}
