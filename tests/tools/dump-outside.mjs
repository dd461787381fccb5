// Regenerates tests/fixtures/outside/snapshots/<variant>/<page>.json: what
// the agent (extension/agent.js) reports for the portal markup written
// outside this project (tests/fixtures/outside/pages: eight portals written
// from the public notes alone, without reading the simulator or the core).
// The native tests (tests/outside_markup.rs) read these files.
//
// Usage: node tests/tools/dump-outside.mjs   (needs `npm ci` and chromium)
// The pages are served from a loopback server; the agent runs with a
// stand-in for the extension API that asks for the full description.
import { chromium } from 'playwright-core';
import http from 'node:http';
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pages = join(root, 'tests', 'fixtures', 'outside', 'pages');
const out = join(root, 'tests', 'fixtures', 'outside', 'snapshots');
const agent = readFileSync(join(root, 'extension', 'agent.js'), 'utf8');

const server = http.createServer((req, res) => {
  const path = join(pages, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  if (path.startsWith(pages) && existsSync(path) && extname(path) === '.html') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(readFileSync(path));
  } else {
    res.statusCode = 404;
    res.end('not found');
  }
}).listen(18731, '127.0.0.1'); // A fixed port: the snapshots' addresses stay the same between runs.
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
for (const variant of readdirSync(pages).filter((d) => statSync(join(pages, d)).isDirectory()).sort()) {
  mkdirSync(join(out, variant), { recursive: true });
  for (const file of readdirSync(join(pages, variant)).filter((f) => f.endsWith('.html')).sort()) {
    await page.goto(`${base}/${variant}/${file}`);
    // The script-built forms appear 300 ms after load.
    await page.waitForTimeout(700);
    const snapshot = await page.evaluate((source) => new Promise((resolve) => {
      globalThis.__passwrightAgent = false;
      globalThis.browser = {
        runtime: {
          id: 'dump',
          onMessage: { addListener() {} },
          sendMessage: async (m) => {
            if (m.page?.snapshot.light) return { describe_fully: { provisional: [] } };
            if (m.page) resolve(m.page.snapshot);
            return {};
          },
        },
      };
      (0, eval)(source);
    }), agent);
    writeFileSync(join(out, variant, file.replace(/\.html$/, '.json')), JSON.stringify(snapshot) + '\n');
  }
}
await browser.close();
server.close();
