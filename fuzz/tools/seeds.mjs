// Regenerates the fuzzers' committed seeds and word list from the test fixtures:
//
//   fuzz/seeds/passwordrules/  every rule of Apple's corpus (tests/fixtures/apple-password-rules.json)
//   fuzz/seeds/messages/       snapshots of three skins (minified), stored records, and
//                              envelopes {event, context, stored} as the background hands
//                              them to engine::handle: pages, results, guard answers and
//                              commands around a flow at each of its steps
//   fuzz/dict/portal-words.txt the portal's words (labels, headings, buttons, messages) that
//                              the classify and flow targets build snapshots from
//   fuzz/dict/messages.dict    libFuzzer dictionary of the message keys and values
//
// Usage: node fuzz/tools/seeds.mjs   (from the repository root; run after the fixtures change)

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'tests', 'fixtures');
const out = join(root, 'fuzz');

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Content-named, as libFuzzer names corpus files: no duplicates, stable names.
function seed(dir, text) {
  const name = createHash('sha1').update(text).digest('hex');
  writeFileSync(join(dir, name), text);
}

// passwordrules: Apple's corpus, one rule per file.
const rulesDir = fresh(join(out, 'seeds', 'passwordrules'));
const apple = JSON.parse(readFileSync(join(fixtures, 'apple-password-rules.json'), 'utf8'));
for (const entry of Object.values(apple)) {
  if (entry['password-rules']) seed(rulesDir, entry['password-rules']);
}

// Snapshots of every skin, for the word list; three skins as message seeds.
const skins = readdirSync(join(fixtures, 'snapshots')).sort();
const snapshots = {};
for (const skin of skins) {
  for (const file of readdirSync(join(fixtures, 'snapshots', skin)).sort()) {
    snapshots[`${skin}/${file.replace(/\.json$/, '')}`] =
      JSON.parse(readFileSync(join(fixtures, 'snapshots', skin, file), 'utf8'));
  }
}

const messagesDir = fresh(join(out, 'seeds', 'messages'));
for (const [name, snapshot] of Object.entries(snapshots)) {
  if (/^(classic|francais|modern)\//.test(name)) seed(messagesDir, JSON.stringify(snapshot));
}
const settings = [
  null,
  { portals: [{ origin: 'http://portal.test', preset: 'bell' }], clipboard_clear_seconds: 30 },
  { portals: [{ origin: 'http://portal.test', rules: 'minlength: 10; maxlength: 12; required: upper; required: digit; allowed: lower, [-_];' }], default_length: 12, speakable: ['http://portal.test'] },
  { portals: [{ origin: 'http://portal.test', spec: { web: { min_length: 8, min_digits: 1, min_upper: 1, forbid_user_id: true }, web_chars: 'max-consecutive: 2; allowed: ascii-printable;', passcode: { min_length: 4, max_length: 8, max_repeated_digits: 2, forbid_repeated_patterns: true, max_ascending: 3, max_descending: 3, forbid_extension: true, forbid_phone: true } } }], exclude_look_alikes: false, offer_rebuild: true },
];
const managed = { floor: { web_min_length: 14, web_min_bits: 70, passcode_min_length: 6 }, maps: [] };

// The background's messages to the engine (src/wasm/background: event,
// context, stored records), around the flow's steps.
const TAB = 7;
const context = { now_ms: 1795651200000, ui_language: 'en', panel_url: 'chrome-extension://test/panel.html', nonce: '0123456789abcdef', offscreen: true };
const snap = (page) => ({ ...snapshots[page], top: true });
const pageEvent = (page, pageId, frame = 0) => ({ agent: { tab: TAB, frame, url: snapshots[page].url, message: { page: { page_id: pageId, reason: 'load', snapshot: snap(page) } } } });
const resultsEvent = (page, pageId, results) => ({ agent: { tab: TAB, frame: 0, url: snapshots[page].url, message: { results: { page_id: pageId, results, snapshot: snap(page) } } } });
const commandEvent = (command) => ({ panel: { tab: TAB, frame: 1000, message: { command: { command, nonce: 'n0', visibility: { supported: false, visible: false, visible_ms: 0 } } } } });
const secret = 'Xk7pQ2mZr9TbW4nC';
const flow = (step, extra) => ({
  id: 'f1', task: { kind: 'web', rebuild: true, reset_phone: true }, origin: 'http://portal.test',
  user: { name: 'John Smith', user_id: 'jsmith@acme.example.com', extension: '2105', phone: '+1 555 010 2105' },
  user_url: 'http://portal.test/User/?key=jsmith@acme.example.com', step, phase: 'start', status: 'running',
  secret: null, entropy_bits: 0, speakable: false, submitted: false, accepted: null, pages: 1, path: ['Passwords'],
  visited: ['http://portal.test/User/?key=jsmith@acme.example.com'], navigated: false,
  log: [{ step: 'open_passwords', note: { followed: 'Passwords' } }], problem: null, started_ms: 1795651200000,
  acted: null, waiting_since: null, waiting_for: null, frame: 0, submitted_on: null, before: [], ...extra,
});
const submitted = { secret, entropy_bits: 94.5, submitted: true, submitted_on: [0, 'p1'], acted: ['p1', 0] };
const flows = [
  null,
  flow('open_passwords'),
  flow('submit', submitted),
  flow('rebuild', { ...submitted, accepted: true, phase: 'clicked' }),
  flow('done', { ...submitted, status: 'done', accepted: true }),
  flow('verify', { ...submitted, status: 'failed', problem: { why: 'session_ended_after' } }),
  flow('verify', { status: 'failed', submitted: true, accepted: false, problem: { why: { rejected: 'web' }, portal_text: 'The password must contain at least 1 non-alphanumeric character(s).', causes: [{ 'min-special': 1 }] } }),
  flow('submit', { ...submitted, waiting_since: 1795651190000, waiting_for: 'unconfirmed' }),
];
// The analysed pages a tab's state keeps (classic skin's ids).
const passwordsPage = {
  kind: 'passwords', url: snapshots['classic/passwords'].url, top: true, portal_context: true,
  user: { user_id: 'jsmith@acme.example.com' },
  passwords: { web_radio: 11, passcode_radio: 12, new: 13, retype: 14, ok: 15, apply: 16, cancel: 17, confidence: 'portal' },
};
const userPage = { kind: 'user', url: snapshots['classic/user'].url, top: true, portal_context: true, user: { name: 'John Smith', user_id: 'jsmith@acme.example.com' } };
const tabState = (f, page = passwordsPage, panel = {}) => ({
  frames: [{ frame: 0, page_id: 'p1', page }], flow: f,
  panel: { frame: 0, nonce: 'n0', port: 1000, kind: 'web', ...panel },
});
const ok = (op) => ({ op, error: null });
const results = [
  [],
  [ok('choose'), ok('fill'), ok('fill'), ok('click')],
  [ok('choose'), { op: 'fill', error: 'replaced' }],
  [ok('inject'), { op: 'watch', error: { invalid: { validity: { too_long: true } } } }],
  [ok('follow')],
];
const clean = { present: true, ours: true, attached: true, opacity: 1, effects: [], covers: [], sample_step: 8, in_view: 1, full_size: true, stable_ms: 5000 };
const faded = { ...clean, opacity: 0.001, covers: [{ tag: 'div', click_through: true, top_layer: false }] };
const guardResults = (report) => [{ op: 'guard', error: null, guard: report }];
const audit = [{ id: 'f0', time_ms: 1795651100000, origin: 'http://portal.test', user_id: '=cmd', user_name: 'Smith, "Jo"', kind: 'web', steps: ['opened_passwords', 'submitted'], outcome: 'running', step: 'submit' }];
const envelope = (event, stored) => seed(messagesDir, JSON.stringify({ event, context, stored }));

// Pages as the flow meets them: [page, flow, settings, page id].
const pages = [
  ['classic/passwords', 1, 0, 'p1'], ['classic/passwords-accepted', 2, 1, 'p2'], ['classic/passwords-rejected', 2, 2, 'p2'],
  ['classic/passwords-mismatch', 2, 3, 'p2'], ['classic/user', 1, 1, 'p2'], ['classic/profile', 1, 2, 'p2'],
  ['classic/addresses', 3, 3, 'p3'], ['classic/device', 3, 3, 'p3'], ['classic/confirm', 3, 2, 'p3'],
  ['classic/device-rebuilt', 3, 1, 'p3'], ['classic/login', 2, 0, 'p2'], ['classic/rules', 0, 3, 'p1'], ['classic/home', 4, 0, 'p2'],
  ['modern/passwords', 1, 0, 'p1'], ['francais/passwords-accepted', 2, 1, 'p2'], ['classic/passwords', 2, 0, 'p1'],
];
pages.forEach(([page, f, s, id], i) => envelope(pageEvent(page, id), {
  tab: f ? tabState(flows[f]) : undefined, settings: settings[s], managed: i % 4 === 0 ? managed : null,
  orphans: i % 5 === 0 ? [flows[5]] : [],
}));
// A light first look at a Passwords page during a flow.
envelope({ agent: { tab: TAB, frame: 0, url: snapshots['classic/passwords'].url, message: { page: { page_id: 'p2', reason: 'load', snapshot: { ...snap('classic/passwords'), light: true, pairs: [], text: '' } } } } }, { tab: tabState(flows[1]), settings: settings[1] });
// The agent's results: of the submission, a failed fill, a failed watch after the click.
[[2, 1], [2, 2], [2, 3], [1, 4]].forEach(([f, r]) => envelope(resultsEvent('classic/passwords', 'p1', results[r]), { tab: tabState(flows[f]), settings: settings[1] }));
// The guard's answer for a pending sensitive command, clean and not.
const pendings = [
  [{ start: { task: { kind: 'web', rebuild: false, reset_phone: false } } }, null],
  [{ start: { task: { kind: 'passcode', rebuild: true, reset_phone: true } } }, null],
  [{ generate: { kind: 'web' } }, null], [{ generate: { kind: 'passcode' } }, null],
  ['cancel', 2], ['dismiss', 5], ['reveal', 4], ['copy', 4], ['add_rules', 6], ['learn', null],
  [{ dismiss_orphan: { id: 'f1' } }, null], [{ reveal_orphan: { id: 'f1' } }, null],
];
for (const [command, f] of pendings) {
  for (const report of [clean, faded]) {
    envelope(resultsEvent('classic/passwords', 'p1', guardResults(report)), {
      tab: tabState(f ? flows[f] : null, passwordsPage, { pending: command }), settings: settings[1], orphans: [flows[5]],
    });
  }
  envelope(commandEvent(command), { tab: tabState(f ? flows[f] : null), settings: settings[2] });
}
envelope(commandEvent('close'), { tab: tabState(flows[1], userPage) });
envelope({ panel: { tab: TAB, frame: 1000, message: { resize: { height: 700 } } } }, { tab: tabState(flows[2]) });
envelope({ panel: { tab: TAB, frame: 1000, message: { hello: { frame: 'panel', nonce: 'n0', visibility: { supported: true, visible: true, visible_ms: 900 } } } } }, { tab: tabState(flows[2], passwordsPage, { port: null }) });
envelope({ tab_closed: { tab: TAB } }, { tab: tabState(flows[2]), orphans: [flows[5]], settings: settings[1] });
envelope({ tab_closed: { tab: TAB } }, { tab: tabState(flows[1]) });
envelope({ wake: { tab: TAB } }, { tab: tabState(flows[7]), settings: settings[1] });
envelope({ shortcut: { tab: TAB } }, { tab: tabState(null, userPage, { frame: null }), orphans: [flows[5]] });
envelope('started', { audit });
envelope({ clipboard_cleared: { ok: true } }, { tabs: [[TAB, tabState(flows[4])]] });
envelope({ options: 'load' }, { settings: settings[3], managed, audit, pending: [{ origin: 'http://portal.test', spec: { web: { min_length: 6 }, passcode: { min_length: 4, max_length: 8 } }, from: 'rules_page' }] });
envelope({ popup: { load: { tab: { id: TAB, url: snapshots['classic/user'].url }, enabled: true } } }, { tab: tabState(null, userPage), settings: settings[1] });
// Regressions the fuzzers found, kept as seeds (tests/fuzz_regressions.rs has
// their tests): a stored flow whose page count is at its limit; a Passwords
// page whose two entries carry one element id.
envelope(pageEvent('classic/user', 'p9'), { tab: tabState(flow('open_passwords', { pages: 4294967295 })), settings: settings[1] });
const sameId = structuredClone(snapshots['classic/passwords']);
const secrets = sameId.fields.filter((f) => f.type === 'password');
secrets[secrets.length - 1].id = secrets[secrets.length - 2].id;
envelope({ agent: { tab: TAB, frame: 0, url: sameId.url, message: { page: { page_id: 'p9', reason: 'load', snapshot: sameId } } } }, { tab: tabState(flows[1]), settings: settings[1] });
// Records alone.
seed(messagesDir, JSON.stringify(settings[3]));
seed(messagesDir, JSON.stringify({ ...settings[1], ...managed }));
seed(messagesDir, JSON.stringify(flows[3]));
seed(messagesDir, JSON.stringify([flows[5]]));
seed(messagesDir, JSON.stringify(tabState(flows[2])));
seed(messagesDir, JSON.stringify(results[1]));
seed(messagesDir, JSON.stringify(guardResults(faded)));
seed(messagesDir, JSON.stringify(audit));
seed(messagesDir, JSON.stringify([{ origin: 'http://portal.test', passwords_page: { path: '/User/Passwords/' }, form: { new: { role: { field: 'password' }, name: 'newPassword', index: 0 }, retype: { role: { field: 'password' }, index: 1 }, submit: { role: 'button', text: 'ok', index: 0 } }, path: ['Passwords'] }]));
seed(messagesDir, JSON.stringify({ kind: 'web', cause: { 'too-long': 12 } }));
seed(messagesDir, JSON.stringify(pageEvent('classic/passwords', 'p1')));

// The portal's words: every short text the agent reported, once.
const words = new Set();
const add = (t) => { if (typeof t === 'string' && t.trim() && t.length < 100) words.add(t.trim().replace(/\s+/g, ' ')); };
const paths = new Set();
for (const s of Object.values(snapshots)) {
  add(s.title);
  paths.add(new URL(s.url).pathname + new URL(s.url).search);
  s.headings.forEach((h) => add(h.text));
  s.links.forEach((l) => { add(l.text); add(l.group); add(l.label); paths.add(new URL(l.href).pathname + new URL(l.href).search); });
  s.fields.forEach((f) => { add(f.label); add(f.group); add(f.name); add(f.value); add(f.label_source); add(f.autocomplete); });
  s.buttons.forEach((b) => add(b.text));
  s.messages.forEach((m) => { add(m.text); add(m.role); add(m.class); });
  s.pairs.forEach((p) => { add(p.label); add(p.value); });
}
mkdirSync(join(out, 'dict'), { recursive: true });
writeFileSync(join(out, 'dict', 'portal-words.txt'), [...words].sort().join('\n') + '\n');
writeFileSync(join(out, 'dict', 'portal-paths.txt'), [...paths].sort().join('\n') + '\n');

const keys = new Set(['url', 'title', 'lang', 'referrer', 'view', 'top', 'light', 'headings', 'links', 'fields',
  'buttons', 'messages', 'blocks', 'pairs', 'forms', 'layout', 'text', 'id', 'level', 'rect', 'href', 'target', 'group',
  'label', 'type', 'name', 'label_source', 'form', 'disabled', 'readonly', 'required', 'autocomplete', 'max_length',
  'min_length', 'pattern', 'inputmode', 'checked', 'value', 'value_length', 'role', 'class', 'tag', 'color',
  'font_color', 'bold', 'near_form', 'index', 'method', 'action',
  'event', 'context', 'stored', 'agent', 'panel', 'tab', 'tabs', 'frame', 'frames', 'message', 'page', 'results',
  'page_id', 'reason', 'snapshot', 'command', 'nonce', 'visibility', 'supported', 'visible', 'visible_ms', 'hello',
  'resize', 'height', 'now_ms', 'ui_language', 'panel_url', 'offscreen', 'settings', 'managed', 'maps', 'pending',
  'audit', 'orphans', 'runs', 'memory', 'generated', 'field', 'op', 'error', 'guard', 'present', 'ours', 'attached',
  'opacity', 'effects', 'covers', 'sample_step', 'in_view', 'full_size', 'stable_ms', 'flow', 'task', 'kind', 'rebuild',
  'reset_phone', 'origin', 'user', 'user_url', 'step', 'phase', 'status', 'secret', 'entropy_bits', 'speakable',
  'submitted', 'accepted', 'pages', 'path', 'visited', 'navigated', 'log', 'note', 'problem', 'why', 'causes',
  'suggestions', 'portal_text', 'started_ms', 'acted', 'waiting_since', 'waiting_for', 'submitted_on', 'before',
  'passwords', 'web_radio', 'passcode_radio', 'new', 'retype', 'ok', 'apply', 'save', 'cancel', 'confidence',
  'port', 'opened', 'revealed', 'disarmed', 'portals', 'preset', 'rules', 'spec', 'web', 'web_chars', 'passcode',
  'min_digits', 'min_upper', 'min_lower', 'min_non_alphanumeric', 'forbid_user_id', 'forbid_old', 'history',
  'max_repeated_digits', 'forbid_repeated_patterns', 'max_ascending', 'max_descending', 'forbid_phone',
  'forbid_phone_reversed', 'forbid_extension', 'forbid_extension_reversed', 'clipboard_clear_seconds',
  'exclude_look_alikes', 'default_length', 'offer_rebuild', 'floor', 'web_min_length', 'web_min_bits',
  'passcode_min_length', 'cause', 'time_ms', 'user_id', 'user_name', 'steps', 'outcome', 'passwords_page',
  'user_page', 'submit', 'locator']);
const values = ['password', 'radio', 'checkbox', 'submit', 'web', 'passcode', 'running', 'done', 'failed',
  'cancelled', 'start', 'clicked', 'confirmed', 'read_profile', 'open_passwords', 'verify', 'open_device',
  'rebuild', 'reset', 'fill', 'click', 'choose', 'follow', 'navigate', 'inject', 'watch', 'guard', 'load', 'changed',
  'asked', 'replaced', 'read_back', 'page_changed', 'cross_origin', 'portal', 'unknown', 'passwords', 'user',
  'login', 'generate', 'dismiss', 'reveal', 'copy', 'add_rules', 'tab_closed', 'wake', 'started', 'shortcut',
  'alert', 'error', 'success', 'http://portal.test', 'too-long', 'too-short', 'identical-run', 'min-letters', 'min-special',
  'session_ended_after', 'unconfirmed', 'broadsmart', 'bell', 'sinch', 'bt'];
const q = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
writeFileSync(join(out, 'dict', 'messages.dict'), [
  '# libFuzzer dictionary for the messages target: generated by fuzz/tools/seeds.mjs',
  ...[...keys].map((k) => q(`"${k}":`)),
  ...values.map((v) => q(`"${v}"`)),
  '"null"', '"true"', '"false"', '"{}"', '"[]"', '","', '":"',
  // Boundary numbers: counters and times at their limits.
  '"4294967295"', '"18446744073709551615"', '"-1"', '"1e300"', '"-1e300"', '"0.5"',
].join('\n') + '\n');
console.log(`seeds: ${readdirSync(rulesDir).length} passwordrules, ${readdirSync(messagesDir).length} messages; ${words.size} words, ${paths.size} paths`);
