// Shared by the bench scripts: the repository root and the shipped wasm files.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every .wasm under `dir`, recursively, sorted. */
function wasmUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...wasmUnder(path));
    else if (entry.name.endsWith('.wasm')) out.push(path);
  }
  return out.sort();
}

/** Gzip -9 size of a file, as gzip(1) makes it (from standard input: no name in the header). */
export function gzipSize(path) {
  const gz = spawnSync('gzip', ['-9', '-c'], { input: readFileSync(path), maxBuffer: 1 << 30 });
  if (gz.status !== 0) throw new Error(`gzip failed on ${path}: ${gz.stderr}`);
  return gz.stdout.length;
}

/**
 * The wasm that ships: every .wasm in dist/chrome, or in target/wasm-pkg when
 * dist/chrome has not been built (the extension's sources not there yet).
 * Sizes raw and gzip -9, summed.
 */
export function wasmSizes() {
  const chrome = join(ROOT, 'dist', 'chrome');
  const dir = existsSync(chrome) ? chrome : join(ROOT, 'target', 'wasm-pkg');
  if (!existsSync(dir)) throw new Error(`no ${relative(ROOT, dir)}: run cargo make build first`);
  const files = wasmUnder(dir).map((path) => ({
    file: relative(ROOT, path),
    bytes: statSync(path).size,
    gz_bytes: gzipSize(path),
  }));
  if (files.length === 0) throw new Error(`no .wasm in ${relative(ROOT, dir)}`);
  return {
    dir: relative(ROOT, dir),
    files,
    wasm_bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    wasm_gz_bytes: files.reduce((sum, f) => sum + f.gz_bytes, 0),
  };
}
