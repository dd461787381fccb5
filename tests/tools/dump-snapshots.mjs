// Regenerates tests/fixtures/snapshots/<skin>/<page>.json: what the agent
// (extension/agent.js) reports for each page of the simulator, in every skin.
// The native classification tests (tests/portal_pages.rs) read these files.
//
// Usage: node tests/tools/dump-snapshots.mjs   (needs `npm ci`, chromium, and
// the simulator binary: cargo build -p passwright-portal)
// The agent runs with a stand-in for the extension API that captures its report.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const agent = readFileSync(join(root, 'extension', 'agent.js'), 'utf8');
const portalBin = process.env.PORTAL_BIN ?? join(root, 'target', 'debug', 'passwright-portal');
const SKINS = { classic: 'demo', legacy: 'legacy', reskin: 'reskin', francais: 'francais', modern: 'modern' };
const USER = 'jsmith@acme.example.com';
const DEVICE = 'jsmith-phone';

const PATHS = {
  classic: { home: '/Group/Profile/', users: '/Group/Members/', user: `/User/?key=${USER}`, profile: `/User/Profile/Modify/?key=${USER}`, addresses: `/User/Addresses/?key=${USER}`, passwords: `/User/Passwords/?key=${USER}`, device: `/Group/Resources/Devices/Modify/?key=${DEVICE}`, confirm: `/Group/Resources/Devices/Modify/Confirm/?key=${DEVICE}&action=rebuild`, rules: '/Group/Utilities/PasswordRules/', login: '/Login/' },
  legacy: { home: '/servlet/GroupHome', users: '/servlet/GroupUsers', user: `/servlet/UserHome?uid=${USER}`, profile: `/servlet/UserProfile?uid=${USER}`, addresses: `/servlet/UserAddresses?uid=${USER}`, passwords: `/servlet/UserPasswords?uid=${USER}`, device: `/servlet/DeviceProfile?name=${DEVICE}`, confirm: `/servlet/DeviceAction?name=${DEVICE}&action=rebuild`, rules: '/servlet/GroupPasswordRules', login: '/servlet/Login' },
  reskin: { home: '/portal/home', users: '/portal/users', user: `/portal/users/${USER}`, profile: `/portal/users/${USER}/profile`, addresses: `/portal/users/${USER}/numbers`, passwords: `/portal/users/${USER}/security`, device: `/portal/devices/${DEVICE}`, confirm: `/portal/devices/${DEVICE}/confirm?action=rebuild`, rules: '/portal/settings/password-policy', login: '/portal/login' },
  francais: { home: '/fr/groupe', users: '/fr/groupe/utilisateurs', user: `/fr/utilisateur/${USER}`, profile: `/fr/utilisateur/${USER}/profil`, addresses: `/fr/utilisateur/${USER}/adresses`, passwords: `/fr/utilisateur/${USER}/mots-de-passe`, device: `/fr/appareil/${DEVICE}`, confirm: `/fr/appareil/${DEVICE}/confirmation?action=rebuild`, rules: '/fr/groupe/utilitaires/regles-mots-de-passe', login: '/fr/connexion' },
  modern: { home: '/app/dashboard', users: '/app/people', user: `/app/people/${USER}`, profile: `/app/people/${USER}/details`, addresses: `/app/people/${USER}/numbers`, passwords: `/app/people/${USER}/credentials`, device: `/app/devices/view?d=${DEVICE}`, confirm: `/app/devices/action?d=${DEVICE}&action=rebuild`, rules: '/app/policies/passwords', login: '/app/sign-in' },
};

async function snapshot(page) {
  return page.evaluate((source) => new Promise((resolve) => {
    globalThis.__passwrightAgent = false;
    globalThis.browser = {
      runtime: {
        id: 'dump',
        onMessage: { addListener() {} },
        sendMessage: async (m) => { if (m.type === 'page') resolve(m.snapshot); return {}; },
      },
    };
    (0, eval)(source);
  }), agent);
}

async function login(page, base, paths) {
  await page.goto(base + paths.login);
  await page.locator('input[type=text], input:not([type])').first().fill('admin');
  await page.locator('input[type=password]').first().fill('CommPilot-Demo-2026');
  await submit(page);
}

async function submit(page) {
  await Promise.all([
    page.waitForNavigation(),
    page.locator('input[type=submit], button[type=submit], button:not([type])').first().click(),
  ]);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
let port = 8301;
for (const [skin, scenario] of Object.entries(SKINS)) {
  const addr = `127.0.0.1:${port++}`;
  const server = spawn(portalBin, ['--scenario', scenario, '--addr', addr, '--quiet'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 700));
  const base = `http://${addr}`;
  const paths = PATHS[skin];
  const out = join(root, 'tests', 'fixtures', 'snapshots', skin);
  mkdirSync(out, { recursive: true });
  const context = await browser.newContext({ bypassCSP: false });
  const page = await context.newPage();
  const save = async (name) => {
    const s = await snapshot(page);
    s.url = s.url.replace(base, 'http://portal.test');
    writeFileSync(join(out, `${name}.json`), JSON.stringify(s, null, 1) + '\n');
  };
  await page.goto(base + paths.login);
  await save('login');
  await login(page, base, paths);
  console.log(skin, 'after login', page.url());
  for (const name of ['home', 'users', 'user', 'profile', 'addresses', 'passwords', 'device', 'confirm', 'rules']) {
    await page.goto(base + paths[name]);
    await save(name);
  }
  // A mismatched re-type: the Passwords page with the portal's error.
  await page.goto(base + paths.passwords);
  const secrets = page.locator('input[type=password]');
  await secrets.nth(0).fill('Abcdefgh12');
  await secrets.nth(1).fill('Abcdefgh13');
  await submit(page);
  await save('passwords-mismatch');
  // A rule violation.
  await page.goto(base + paths.passwords);
  await secrets.nth(0).fill('short');
  await secrets.nth(1).fill('short');
  await submit(page);
  await save('passwords-rejected');
  // A success: where the first submit button leads.
  await page.goto(base + paths.passwords);
  await secrets.nth(0).fill('Riverbank2468');
  await secrets.nth(1).fill('Riverbank2468');
  await submit(page);
  await save('passwords-accepted');
  // The rebuild confirmed.
  await page.goto(base + paths.confirm);
  await submit(page);
  await save('device-rebuilt');
  await context.close();
  server.kill();
  console.log(`dumped ${skin}`);
}
await browser.close();
