// @ts-check
// Passwright background (Chrome: module service worker; Firefox: module
// background script). Transport, storage and browser APIs only: every
// decision is the Rust engine's (passwright_background.js / .wasm):
//
//   event ──needs(event)──▶ load that from storage ──handle(event, context, stored)──▶ effects
//   effects: storage writes (awaited first: a flow's state is saved before any
//   click reaches the page), memory, messages to panels and agents (their
//   answers are new events), browser operations, the reply.
//
// Where things live:
//   storage.session  tab:<id>   a tab's state: its frames' pages, its flow (and
//                               with it the new secret, until the admin dismisses
//                               the card), its panel
//                    orphans    flows of closed tabs whose secret the portal may hold
//                    a tab's bulk run's new secrets sit in its state too,
//                               until the hand-off sheet is closed
//   storage.local    settings, maps, pending, audit, runs (bulk runs'
//                               progress, so a browser restart can say which
//                               users were done; never a secret)
//   memory           per tab: the watched field's value, a generated secret
import init, * as core from './passwright_background.js';

// The engine's protocol (src/core/protocol; declarations in extension/types/).
/** @typedef {import('./types').BrowserOp} BrowserOp */
/** @typedef {import('./types').Context} Context */
/** @typedef {import('./types').Event} EngineEvent */
/** @typedef {import('./types').Memory} Memory */
/** @typedef {import('./types').Needs} Needs */
/** @typedef {import('./types').Reply} Reply */
/** @typedef {import('./types').StoreOp} StoreOp */
/** @typedef {import('./passwright_background.js').StoredRecords} StoredRecords */

/** @type {any} */
const api = /** @type {any} */ (globalThis).browser ?? /** @type {any} */ (globalThis).chrome;
const ready = init();

// When this background started (a service-worker restart starts a new one):
// for the tests that stop the worker mid-flow. No secret in it.
api.storage.session.set({ background: { started: Date.now() } });

/** Connected panel and launcher ports, by tab id. @type {Map<number, Set<any>>} */
const ports = new Map();
/** What is kept in memory only, by tab (never stored). @type {Map<number, Memory>} */
const memory = new Map();

// ------------------------------------------------------------ storage

/**
 * What the IT department deployed (storage.managed), read once per background
 * lifetime. Some builds never answer when no policy exists, and Chromium,
 * just after it starts, answers empty or never answers a first call while its
 * policies load: so a call unanswered after a short wait stands for "nothing
 * deployed" for that event and is asked again at the next one (after three
 * such waits, without waiting), and only deployed settings are kept. (Kept
 * for good, such a first answer hid the deployed settings until the worker
 * restarted.)
 * @type {any} undefined until storage.managed has answered with settings
 */
let managedValue;
/** @type {Promise<any> | null} */
let managedAsked = null;
let managedWaits = 0;
function managedSettings() {
  if (managedValue !== undefined) return Promise.resolve(managedValue);
  const asked = managedAsked ??= api.storage.managed.get(null)
    .then((/** @type {any} */ m) => (m && Object.keys(m).length ? m : null), () => null)
    .then((/** @type {any} */ m) => {
      if (m) managedValue = m;
      if (managedAsked === asked) managedAsked = null;
      return m;
    });
  const wait = managedWaits < 3 ? 300 : 0;
  return Promise.race([
    asked,
    new Promise((resolve) => setTimeout(() => {
      managedWaits += 1;
      if (managedAsked === asked) managedAsked = null;
      resolve(managedValue ?? null);
    }, wait)),
  ]);
}
api.storage.onChanged.addListener((/** @type {any} */ _, /** @type {string} */ area) => {
  if (area === 'managed') {
    managedValue = undefined;
    managedAsked = null;
    managedWaits = 0;
  }
});

/**
 * Loads what the engine says an event needs.
 * @param {Needs} needs
 * @returns {Promise<StoredRecords>}
 */
async function load(needs) {
  const session = [];
  if (needs.tab != null) session.push(`tab:${needs.tab}`);
  if (needs.orphans) session.push('orphans');
  const local = [];
  if (needs.runs) local.push('runs');
  if (needs.settings) local.push('settings', 'maps', 'pending');
  if (needs.audit) local.push('audit');
  const [s, l, managed, all] = await Promise.all([
    session.length ? api.storage.session.get(session) : {},
    local.length ? api.storage.local.get(local) : {},
    needs.settings ? managedSettings() : null,
    needs.all_tabs ? api.storage.session.get(null) : null,
  ]);
  return {
    tab: needs.tab != null ? s[`tab:${needs.tab}`] : undefined,
    tabs: all ? Object.entries(all).filter(([k]) => k.startsWith('tab:')).map(([k, v]) => [Number(k.slice(4)), v]) : [],
    settings: l.settings,
    managed,
    maps: l.maps,
    pending: l.pending,
    audit: l.audit,
    orphans: s.orphans ?? [],
    runs: l.runs ?? [],
    memory: needs.tab != null ? memory.get(needs.tab) : undefined,
  };
}

/** @returns {Context} */
function context() {
  return {
    now_ms: Date.now(),
    ui_language: api.i18n.getUILanguage(),
    panel_url: api.runtime.getURL('panel.html'),
    nonce: Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join(''),
    offscreen: !!api.offscreen,
  };
}

/** An externally tagged value: [variant, content]. */
function tag(/** @type {any} */ value) {
  if (typeof value === 'string') return [value, null];
  const [[variant, content]] = Object.entries(value);
  return [variant, content];
}

async function store(/** @type {StoreOp[]} */ ops) {
  /** @type {Record<string, any>} */
  const session = {};
  /** @type {string[]} */
  const sessionGone = [];
  /** @type {Record<string, any>} */
  const local = {};
  /** @type {any[]} */
  const audits = [];
  /** @type {any[]} */
  const runs = [];
  for (const op of ops) {
    const [kind, v] = tag(op);
    switch (kind) {
      case 'tab':
        if (v.state == null) sessionGone.push(`tab:${v.tab}`);
        else session[`tab:${v.tab}`] = v.state;
        break;
      case 'orphans': session.orphans = v; break;
      case 'settings': local.settings = v; break;
      case 'maps': local.maps = v; break;
      case 'pending': local.pending = v; break;
      case 'audit': audits.push(v); break;
      case 'audit_all': local.audit = v; break;
      case 'run': runs.push(v); break;
      default: break;
    }
  }
  if (audits.length) {
    const { audit = [] } = local.audit ? { audit: local.audit } : await api.storage.local.get('audit');
    for (const { entry, keep } of audits) {
      const i = audit.findIndex((/** @type {any} */ e) => e.id === entry.id);
      if (i >= 0) audit[i] = entry; else audit.push(entry);
      local.audit = audit.slice(-keep);
    }
  }
  if (runs.length) {
    const { runs: kept = [] } = await api.storage.local.get('runs');
    for (const { id, run } of runs) {
      const i = kept.findIndex((/** @type {any} */ r) => r.id === id);
      if (run == null) { if (i >= 0) kept.splice(i, 1); } else if (i >= 0) kept[i] = run; else kept.push(run);
    }
    local.runs = kept.slice(-10);
  }
  await Promise.all([
    Object.keys(session).length ? api.storage.session.set(session) : null,
    sessionGone.length ? api.storage.session.remove(sessionGone) : null,
    Object.keys(local).length ? api.storage.local.set(local) : null,
  ]);
}

// ------------------------------------------------------------ events

/** One event at a time: each reads, decides and writes before the next reads. */
let queue = Promise.resolve();
function serially(/** @type {() => Promise<any>} */ f) {
  const next = queue.then(f, f);
  queue = next.then(() => {}, () => {});
  return next;
}

/**
 * Handles an event (already inside the queue) and what it causes.
 * @param {EngineEvent} event
 * @returns {Promise<Reply | null>}
 */
async function run(event) {
  await ready;
  const needs = core.needs(event);
  const stored = await load(needs);
  const fx = core.handle(event, context(), stored);
  await store(fx.store);
  if (fx.memory != null && needs.tab != null) memory.set(needs.tab, fx.memory);
  for (const { tab, message } of fx.panels) {
    for (const port of ports.get(tab) ?? []) {
      try { port.postMessage(message); } catch { /* the panel just went away */ }
    }
  }
  for (const { tab, frame, message } of fx.agents) {
    /** @type {any} */
    let answer = null;
    try {
      answer = await api.tabs.sendMessage(tab, message, { frameId: frame });
    } catch {
      // The page is gone or navigating.
    }
    if (answer?.results) {
      const url = answer.results.snapshot?.url ?? '';
      await run({ agent: { tab, frame, url, message: answer } });
    }
  }
  for (const op of fx.browser) await browserOp(op);
  return fx.reply;
}

function dispatch(/** @type {EngineEvent} */ event) {
  return serially(() => run(event));
}

async function browserOp(/** @type {BrowserOp} */ op) {
  const [kind, v] = tag(op);
  switch (kind) {
    case 'sync_content_scripts': await syncContentScripts().catch(() => {}); break;
    case 'inject_agent': await injectAgent(v.tab).catch(() => {}); break;
    case 'open_options': api.runtime.openOptionsPage(); break;
    case 'open_sheet': api.tabs.create({ url: api.runtime.getURL(`sheet.html?run=${encodeURIComponent(v.run)}`) }); break;
    case 'clear_clipboard_after': await clearClipboardLater(v.ms).catch(() => clipboardCleared(false)); break;
    case 'wake_after': setTimeout(() => dispatch({ wake: { tab: v.tab } }), v.ms); break;
    case 'note_clipboard_tab': break;
    default: break;
  }
}

// ------------------------------------------------------------ clipboard

const CLIPBOARD_ALARM = 'clear-clipboard';

/**
 * Clears the clipboard `ms` from now, whatever happens to the panel that
 * copied (its page replaced, its tab closed, the focus elsewhere).
 * Chrome: a service worker has no clipboard and may be stopped while it
 * waits, so an offscreen document keeps the timer and clears. Firefox: an
 * alarm wakes this background page, which clears (clipboardWrite).
 */
async function clearClipboardLater(/** @type {number} */ ms) {
  if (!api.offscreen) {
    await api.alarms.create(CLIPBOARD_ALARM, { when: Date.now() + ms });
    return;
  }
  const url = api.runtime.getURL('clipboard.html');
  const open = await api.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (!open.length) {
    await api.offscreen.createDocument({
      url, reasons: ['CLIPBOARD'], justification: 'Clear a copied password from the clipboard after the configured time.',
    }).catch(() => {}); // an earlier copy created it meanwhile
  }
  await api.runtime.sendMessage({ type: 'clear-clipboard-after', ms });
}

function clipboardCleared(/** @type {boolean} */ ok) {
  api.offscreen?.closeDocument().catch(() => {});
  return dispatch({ clipboard_cleared: { ok } });
}

api.alarms?.onAlarm.addListener(async (/** @type {any} */ alarm) => {
  if (alarm.name !== CLIPBOARD_ALARM) return;
  clipboardCleared(await navigator.clipboard.writeText('').then(() => true, () => false));
});

// ------------------------------------------------------------ messages

function fromAgent(/** @type {any} */ sender) {
  return sender.id === api.runtime.id && sender.tab && Number.isInteger(sender.frameId)
    && /^https?:$/.test(new URL(sender.url ?? 'about:blank').protocol);
}

/** A page of this extension (the panel's URL may use Chrome's dynamic id, so compare paths). */
function fromExtensionPage(/** @type {any} */ sender, /** @type {string} */ page) {
  if (sender.id !== api.runtime.id || !sender.url) return false;
  const url = new URL(sender.url);
  return /^(chrome|moz)-extension:$/.test(url.protocol) && url.pathname === `/${page}`;
}

api.runtime.onMessage.addListener((/** @type {any} */ message, /** @type {any} */ sender, /** @type {(r: any) => void} */ sendResponse) => {
  if (fromAgent(sender)) {
    const event = { agent: { tab: sender.tab.id, frame: sender.frameId, url: sender.url, message } };
    dispatch(event).then((reply) => sendResponse(reply ? tag(reply)[1] : 'idle'), () => sendResponse('idle'));
    return true;
  }
  if (fromExtensionPage(sender, 'clipboard.html') && message?.type === 'clipboard-cleared') {
    clipboardCleared(message.ok === true);
    return false;
  }
  for (const [page, variant] of [['options.html', 'options'], ['popup.html', 'popup'], ['sheet.html', 'sheet']]) {
    if (fromExtensionPage(sender, page)) {
      // {options: OptionsRequest}, {popup: PopupRequest} or {sheet: SheetRequest}.
      dispatch(/** @type {EngineEvent} */ ({ [variant]: message })).then((reply) => sendResponse(reply ? tag(reply)[1] : null), (e) => sendResponse({ error: String(e) }));
      return true;
    }
  }
  return false;
});

api.runtime.onConnect.addListener((/** @type {any} */ port) => {
  const sender = port.sender;
  if (port.name !== 'panel' || !fromExtensionPage(sender, 'panel.html') || !sender.tab) {
    port.disconnect();
    return;
  }
  const tab = sender.tab.id;
  const frame = sender.frameId;
  if (!ports.has(tab)) ports.set(tab, new Set());
  ports.get(tab)?.add(port);
  // Firefox keeps a port's listeners (and the port) after the other end
  // disconnects until they are removed: about 10 KB per panel load otherwise.
  const onDisconnect = () => {
    port.onMessage.removeListener(onMessage);
    port.onDisconnect.removeListener(onDisconnect);
    ports.get(tab)?.delete(port);
    dispatch({ panel_gone: { tab, frame } });
  };
  const onMessage = (/** @type {any} */ message) => { dispatch({ panel: { tab, frame, message } }); };
  port.onMessage.addListener(onMessage);
  port.onDisconnect.addListener(onDisconnect);
});

// ------------------------------------------------------------ content scripts

const AGENT_ID = 'passwright-agent';

/** Registers the agent in every frame of every origin the admin granted (and only those). */
async function syncContentScripts() {
  const { origins = [] } = await api.permissions.getAll();
  const matches = origins.filter((/** @type {string} */ o) => /^https?:\/\//.test(o));
  const existing = await api.scripting.getRegisteredContentScripts({ ids: [AGENT_ID] });
  if (existing.length) await api.scripting.unregisterContentScripts({ ids: [AGENT_ID] });
  if (matches.length) {
    await api.scripting.registerContentScripts([{
      id: AGENT_ID, matches, js: ['agent.js'], runAt: 'document_end', allFrames: true, persistAcrossSessions: true,
    }]);
  }
}

async function injectAgent(/** @type {number} */ tab) {
  await api.scripting.executeScript({ target: { tabId: tab, allFrames: true }, files: ['agent.js'] });
}

api.permissions.onAdded.addListener(() => { syncContentScripts(); });
api.permissions.onRemoved.addListener(() => { syncContentScripts(); });

// A browser restart (or a reinstall) loses storage.session: flows that were
// running are recorded as interrupted. A service-worker restart fires neither.
api.runtime.onInstalled.addListener(() => { dispatch('started'); });
api.runtime.onStartup.addListener(() => { dispatch('started'); });

api.tabs.onRemoved.addListener((/** @type {number} */ tab) => {
  dispatch({ tab_closed: { tab } }).finally(() => memory.delete(tab));
});

api.commands?.onCommand.addListener(async (/** @type {string} */ command, /** @type {any} */ tab) => {
  if (command !== 'open-panel') return;
  const id = tab?.id ?? (await api.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (id != null) dispatch({ shortcut: { tab: id } });
});
