// Regenerates the fuzzers' committed seeds and word list from the test fixtures:
//
//   fuzz/seeds/passwordrules/  every rule of Apple's corpus (tests/fixtures/apple-password-rules.json)
//   fuzz/seeds/messages/       snapshots of three skins (minified), and envelopes pairing a
//                              snapshot with settings, a flow and agent results, as the
//                              background hands them to the core
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
  { portals: [{ origin: 'http://portal.test', rules: 'minlength: 10; maxlength: 12; required: upper; required: digit; allowed: lower, [-_];' }], default_length: 12 },
  { portals: [{ origin: 'http://portal.test', spec: { web: { min_length: 8, min_digits: 1, min_upper: 1, forbid_user_id: true }, web_chars: 'max-consecutive: 2; allowed: ascii-printable;', passcode: { min_length: 4, max_length: 8, max_repeated_digits: 2, forbid_repeated_patterns: true, max_ascending: 3, max_descending: 3, forbid_extension: true, forbid_phone: true } } }], exclude_look_alikes: false, offer_rebuild: true },
];
const flow = (step, extra) => ({
  id: 'f1', task: { kind: 'web', rebuild: true, reset_phone: true }, origin: 'http://portal.test',
  user: { user_id: 'jsmith@acme.example.com', extension: '2105', phone: '+1 555 010 2105' },
  user_url: 'http://portal.test/User/?key=jsmith@acme.example.com', step, phase: 'start', status: 'running',
  secret: null, entropy_bits: 0, submitted: false, accepted: null, pages: 1, navigated: false,
  log: [{ step: 'open-passwords', note: 'opened Passwords' }], problem: null, started_ms: 1795651200000,
  last_page: 'p0', ...extra,
});
const flows = [
  null,
  flow('open-passwords'),
  flow('submit', { secret: 'Xk7pQ2mZr9TbW4nC', entropy_bits: 94.5, submitted: true }),
  flow('rebuild', { secret: 'Xk7pQ2mZr9TbW4nC', entropy_bits: 94.5, submitted: true, accepted: true, phase: 'clicked' }),
  flow('done', { status: 'done', secret: 'Xk7pQ2mZr9TbW4nC', submitted: true, accepted: true }),
];
const results = [
  [],
  [{ op: 'choose', ok: true }, { op: 'fill', ok: true }, { op: 'fill', ok: true }, { op: 'click', ok: true }],
  [{ op: 'fill', ok: false, error: 'the field was replaced' }],
];
const envelopes = [
  ['classic/passwords', 1, 0, 0], ['classic/passwords-accepted', 2, 1, 1], ['classic/passwords-rejected', 2, 2, 1],
  ['classic/passwords-mismatch', 2, 3, 2], ['classic/user', 1, 1, 0], ['classic/profile', 1, 2, 0],
  ['classic/addresses', 3, 3, 0], ['classic/device', 3, 3, 0], ['classic/confirm', 3, 2, 1],
  ['classic/device-rebuilt', 3, 1, 1], ['classic/login', 2, 0, 0], ['classic/rules', 0, 3, 0], ['classic/home', 4, 0, 0],
];
envelopes.forEach(([page, f, s, r], i) => seed(messagesDir, JSON.stringify({
  flow: flows[f], snapshot: snapshots[page], page_id: `p${i + 1}`, settings: settings[s],
  results: results[r], panel_open: i % 2 === 0, managed: i % 3 === 0 ? settings[1] : null,
})));
// Regressions the fuzzers found, kept as seeds (tests/fuzz_regressions.rs has their tests):
// a stored flow whose page count is at its limit; a Passwords page whose two
// entries carry one element id.
seed(messagesDir, JSON.stringify({ flow: { ...flow('open-passwords'), pages: 4294967295, last_page: null }, snapshot: snapshots['classic/user'], page_id: 'p9' }));
const sameId = structuredClone(snapshots['classic/passwords']);
const secrets = sameId.fields.filter((f) => f.type === 'password');
secrets[secrets.length - 1].id = secrets[secrets.length - 2].id;
seed(messagesDir, JSON.stringify({ flow: flow('open-passwords'), snapshot: sameId, page_id: 'p9', settings: settings[1] }));
seed(messagesDir, JSON.stringify(settings[3]));
seed(messagesDir, JSON.stringify(flows[3]));
seed(messagesDir, JSON.stringify(results[1]));
seed(messagesDir, JSON.stringify([{ id: 'f1', time_ms: 1795651200000, origin: 'http://portal.test', user_id: '=cmd', user_name: 'Smith, "Jo"', kind: 'web', actions: ['opened Passwords'], outcome: 'running', step: 'submit' }]));
seed(messagesDir, JSON.stringify({ kind: 'web', cause: { 'too-long': 12 } }));

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

const keys = new Set(['url', 'title', 'lang', 'headings', 'links', 'fields', 'buttons', 'messages', 'pairs', 'forms',
  'text', 'id', 'level', 'href', 'group', 'label', 'type', 'name', 'label_source', 'form', 'disabled', 'readonly',
  'required', 'autocomplete', 'checked', 'value', 'value_length', 'role', 'class', 'index', 'method', 'action',
  'flow', 'snapshot', 'page_id', 'settings', 'results', 'panel_open', 'managed', 'op', 'ok', 'error', 'task', 'kind',
  'rebuild', 'reset_phone', 'origin', 'user', 'user_url', 'step', 'phase', 'status', 'secret', 'entropy_bits',
  'submitted', 'accepted', 'pages', 'navigated', 'log', 'note', 'problem', 'started_ms', 'last_page', 'portals',
  'preset', 'rules', 'spec', 'web', 'web_chars', 'passcode', 'min_length', 'max_length', 'min_digits', 'min_upper',
  'min_lower', 'min_non_alphanumeric', 'forbid_user_id', 'forbid_old', 'history', 'max_repeated_digits',
  'forbid_repeated_patterns', 'max_ascending', 'max_descending', 'forbid_phone', 'forbid_phone_reversed',
  'forbid_extension', 'forbid_extension_reversed', 'clipboard_clear_seconds', 'exclude_look_alikes',
  'default_length', 'offer_rebuild', 'cause', 'time_ms', 'user_id', 'user_name', 'actions', 'outcome']);
const values = ['password', 'radio', 'checkbox', 'submit', 'web', 'passcode', 'running', 'done', 'failed',
  'cancelled', 'start', 'clicked', 'confirmed', 'read-profile', 'open-passwords', 'submit', 'verify', 'open-device',
  'rebuild', 'reset', 'fill', 'click', 'choose', 'follow', 'alert', 'error', 'success', 'http://portal.test/',
  'too-long', 'too-short', 'identical-run', 'min-letters', 'broadsmart', 'bell', 'sinch', 'bt'];
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
