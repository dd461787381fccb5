// Assembles dist/ from the wasm packages (target/wasm-pkg/<crate>: the
// background's engine, the pages' UI, the standalone page's), extension/ and www/tool/:
//   dist/web            the standalone tool page
//   dist/chrome         Chrome (MV3 module service worker)
//   dist/firefox        Firefox (MV3 background scripts, gecko id)
//   dist/chrome-dev, dist/firefox-dev   the same, with 127.0.0.1 and localhost granted
// The one manifest source is extension/manifest.json; the per-browser
// differences are applied here and nowhere else.
//
// Usage: node extension/build.mjs [--check]   (--check: only validate inputs)

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgs = join(root, 'target', 'wasm-pkg');
const dist = join(root, 'dist');
const ext = join(root, 'extension');

/** The wasm modules: the crate and the files wasm-bindgen writes for it. */
const module = (crate) => {
  const name = crate.replace(/-/g, '_');
  return { dir: join(pkgs, crate), files: [`${name}.js`, `${name}_bg.wasm`] };
};
const BACKGROUND = module('passwright-background');
const PANEL = module('passwright-panel');
const PAGES = module('passwright-pages');
const TOOL = module('passwright-tool');
// Everything of extension/ that ships; build tooling and the manifest source do not.
const EXTENSION_FILES = [
  'agent.js', 'background.js', 'panel.html', 'panel.js', 'panel.css', 'options.html', 'options.js',
  'options.css', 'popup.html', 'popup.js', 'sheet.html', 'sheet.js', 'managed_schema.json', '_locales', 'icons',
];
// Chrome's offscreen document (Firefox's background page has a clipboard of its own).
const CHROME_FILES = ['clipboard.html', 'clipboard.js'];
const DEV_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

/** The manifest for one browser, from the single source. */
export function manifestFor(browser, dev) {
  const m = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
  if (browser === 'chrome') {
    delete m.browser_specific_settings;
    m.permissions = m.permissions.filter((p) => p !== 'alarms'); // its offscreen document keeps the clipboard's timer
  } else if (browser === 'firefox') {
    // Firefox runs MV3 backgrounds as (module) scripts, not service workers.
    m.background = { scripts: [m.background.service_worker], type: 'module' };
    delete m.minimum_chrome_version;
    // Chrome-only keys: managed storage schemas are native manifests in Firefox;
    // dynamic resource URLs are Chrome's.
    delete m.storage;
    for (const war of m.web_accessible_resources) delete war.use_dynamic_url;
    // The clipboard is cleared by an offscreen document in Chrome, on an alarm
    // in Firefox's background page.
    m.permissions = m.permissions.filter((p) => p !== 'offscreen');
  } else {
    fail(`unknown browser ${browser}`);
  }
  if (dev) m.host_permissions = [...DEV_HOSTS];
  return m;
}

function copyAll(files, from, to) {
  for (const f of files) {
    const src = join(from, f);
    if (!existsSync(src)) fail(`missing ${src}`);
    cpSync(src, join(to, f), { recursive: true });
  }
}

function build() {
  for (const m of [BACKGROUND, PANEL, PAGES, TOOL]) {
    for (const f of m.files) {
      if (!existsSync(join(m.dir, f))) fail(`missing ${join(m.dir, f)}: run cargo make build-wasm first`);
    }
  }
  rmSync(dist, { recursive: true, force: true });

  const web = join(dist, 'web');
  mkdirSync(web, { recursive: true });
  copyAll(['index.html', 'tool.js', 'tool.css'], join(root, 'www', 'tool'), web);
  copyAll(TOOL.files, TOOL.dir, web);

  for (const browser of ['chrome', 'firefox']) {
    for (const dev of [false, true]) {
      const out = join(dist, dev ? `${browser}-dev` : browser);
      mkdirSync(out, { recursive: true });
      copyAll(EXTENSION_FILES, ext, out);
      if (browser === 'chrome') copyAll(CHROME_FILES, ext, out);
      copyAll(BACKGROUND.files, BACKGROUND.dir, out);
      copyAll(PANEL.files, PANEL.dir, out);
      copyAll(PAGES.files, PAGES.dir, out);
      writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifestFor(browser, dev), null, 2) + '\n');
    }
  }
  console.log(`build: dist/web, dist/chrome, dist/firefox, dist/chrome-dev, dist/firefox-dev`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
