// Passwright background (Chrome: module service worker; Firefox: module
// background script). It stores state and carries messages; every decision is
// the Rust core's (passwright.js / passwright_bg.wasm).
//
// Where things live:
//   storage.session  tab:<id>  {flow, panelOpen, pageId, snapshot}: the flow,
//                    and with it the new secret, only here and only until the
//                    admin dismisses the final card.
//   storage.session  orphans   flows of closed tabs, so a password the portal
//                    accepted is never lost.
//   storage.local    settings, audit (never a secret).
import init, * as core from './passwright.js';

const api = globalThis.browser ?? globalThis.chrome;
const ready = init();
const AUDIT_MAX = 500;

// When this background started (a service-worker restart starts a new one):
// for the tests that stop the worker mid-flow. No secret in it.
api.storage.session.set({ background: { started: Date.now() } });

/** Live panel ports, by tab id. */
const panels = new Map();
/** The watched field's value, by tab (memory only, never stored). */
const fieldValues = new Map();

// ------------------------------------------------------------ storage

async function getSession(key, fallback) {
  const got = await api.storage.session.get(key);
  return got[key] ?? fallback;
}

async function tabState(tabId) {
  return getSession(`tab:${tabId}`, { flow: null, panelOpen: false, pageId: '', snapshot: null });
}

async function saveTab(tabId, state) {
  await api.storage.session.set({ [`tab:${tabId}`]: state });
}

/**
 * What the IT department deployed (storage.managed), read once per background
 * lifetime. Some builds never answer when no policy exists: a short timeout
 * stands for "nothing deployed".
 */
let managedPromise = null;
function managedSettings() {
  managedPromise ??= Promise.race([
    api.storage.managed.get(null).catch(() => null),
    new Promise((resolve) => setTimeout(() => resolve(null), 300)),
  ]);
  return managedPromise;
}
api.storage.onChanged.addListener((_, area) => { if (area === 'managed') managedPromise = null; });

async function settings() {
  await ready;
  const { settings: mine } = await api.storage.local.get('settings');
  const managed = await managedSettings();
  let merged = JSON.stringify(mine ?? {});
  if (managed && Object.keys(managed).length) {
    try {
      merged = core.settings_merge_managed(merged, JSON.stringify(managed));
    } catch {
      // an invalid deployment is ignored rather than breaking the extension
    }
  }
  return JSON.parse(merged);
}

async function recordAudit(entry) {
  if (!entry) return;
  const { audit = [] } = await api.storage.local.get('audit');
  const i = audit.findIndex((e) => e.id === entry.id);
  if (i >= 0) audit[i] = entry; else audit.push(entry);
  await api.storage.local.set({ audit: audit.slice(-AUDIT_MAX) });
}

// ------------------------------------------------------------ frames

function frameSrc(mode) {
  return `${api.runtime.getURL('panel.html')}?mode=${mode}`;
}

/** Adds what only the background knows (the frames' URLs) to the core's actions. */
function forAgent(actions) {
  return (actions ?? []).map((a) => (a.op === 'inject' ? { ...a, src: frameSrc(a.mode) } : a));
}

/**
 * Has the tab's agent perform actions. With `pageId` (actions that name the
 * page's elements), an agent on another page load refuses them all.
 */
async function perform(tabId, actions, pageId = null) {
  if (!actions.length) return null;
  try {
    return await api.tabs.sendMessage(tabId, { type: 'perform', actions: forAgent(actions), pageId }, { frameId: 0 });
  } catch {
    return null; // the page is gone or navigating
  }
}

// ------------------------------------------------------------ panel

async function publish(tabId, extra = {}) {
  const port = panels.get(tabId);
  if (!port) return;
  const [state, s, { orphans = [] }] = await Promise.all([
    tabState(tabId), settings(), api.storage.session.get('orphans'),
  ]);
  const page = state.page ?? null;
  const origin = page ? new URL(page.url).origin : '';
  const portal = (s.portals ?? []).find((p) => p.origin === origin);
  port.postMessage(JSON.stringify({
    type: 'state',
    page,
    flow: state.flow,
    panelOpen: state.panelOpen,
    settings: s,
    source: portal ? (({ origin: _, ...source }) => source)(portal) : { preset: 'broadsmart' },
    settingsError: state.settingsError ?? null,
    orphans: orphans.filter((f) => f.origin === origin),
    field: fieldValues.get(tabId) ?? null,
    ...extra,
  }));
}

async function applyDecision(tabId, state, decision) {
  state.flow = decision.flow ?? null;
  state.page = decision.page;
  state.settingsError = decision.settings_error ?? null;
  await saveTab(tabId, state); // before any action reaches the page: never submit twice
  await recordAudit(decision.audit);
  return forAgent(decision.actions);
}

async function onPage(tabId, message) {
  await ready;
  // (Read together: each storage read is a round trip to the browser process.)
  const [state, { orphans = [] }, current] = await Promise.all([
    tabState(tabId), api.storage.session.get('orphans'), settings(),
  ]);
  // A panel the admin opened belongs to that page; a new page starts closed
  // (a flow in progress keeps it open by itself).
  if (message.pageId !== state.pageId) {
    state.panelOpen = false;
    fieldValues.delete(tabId); // the watched field was on the page that went
  }
  state.snapshot = message.snapshot;
  state.pageId = message.pageId;
  // Passwords from closed tabs of this portal are shown until dismissed.
  const origin = new URL(message.snapshot?.url ?? 'about:blank').origin;
  const orphaned = orphans.some((f) => f.origin === origin);
  const decision = JSON.parse(core.engine_on_page(
    JSON.stringify(state.flow), JSON.stringify(message.snapshot), message.pageId,
    JSON.stringify(current), !!state.panelOpen || orphaned,
  ));
  // The agent describes the page in full; meanwhile it may draw the frames.
  if (decision.full) return { full: true, actions: forAgent(decision.actions) };
  const actions = await applyDecision(tabId, state, decision);
  publish(tabId);
  return { actions };
}

async function onResults(tabId, message) {
  await ready;
  const state = await tabState(tabId);
  state.snapshot = message.snapshot;
  const decision = JSON.parse(core.engine_on_results(
    JSON.stringify(state.flow), JSON.stringify(message.results ?? []), JSON.stringify(message.snapshot),
  ));
  await applyDecision(tabId, state, decision);
  publish(tabId);
  return { actions: [] };
}

async function startFlow(tabId, task) {
  await ready;
  const state = await tabState(tabId);
  if (!state.snapshot) return;
  if (state.flow && state.flow.status === 'running') return; // one flow per tab
  const id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  const decision = JSON.parse(core.engine_start(
    JSON.stringify(task), id, Date.now(), JSON.stringify(state.snapshot), state.pageId, JSON.stringify(await settings()),
  ));
  state.panelOpen = true;
  const actions = await applyDecision(tabId, state, decision);
  publish(tabId);
  const reply = await perform(tabId, actions, state.pageId);
  if (reply) await onResults(tabId, reply);
}

async function generate(tabId, kind) {
  await ready;
  const state = await tabState(tabId);
  if (!state.snapshot) return;
  let out;
  try {
    out = JSON.parse(core.engine_generate(kind, JSON.stringify(state.snapshot), JSON.stringify(await settings()),
      JSON.stringify(state.page?.user ?? {})));
  } catch (e) {
    publish(tabId, { error: String(e?.message ?? e) });
    return;
  }
  const reply = await perform(tabId, out.actions, state.pageId);
  const failed = reply?.results?.find((r) => !r.ok);
  // The secret goes to the panel for display, never to storage.
  publish(tabId, {
    generated: { password: out.password, entropy_bits: out.entropy_bits, nato: out.nato, kind },
    error: failed ? `The portal's fields could not be filled (${failed.error}).` : null,
  });
}

async function cancel(tabId) {
  await ready;
  const state = await tabState(tabId);
  const out = JSON.parse(core.engine_cancel(JSON.stringify(state.flow)));
  const hadFlow = !!state.flow;
  state.flow = out.flow;
  await saveTab(tabId, state);
  await recordAudit(out.audit);
  // Nothing submitted: the flow is gone; say so once, on this page.
  publish(tabId, hadFlow && !out.flow ? { notice: 'Cancelled: nothing was submitted.' } : undefined);
}

async function dismiss(tabId, flowId) {
  const state = await tabState(tabId);
  if (state.flow && (!flowId || state.flow.id === flowId)) state.flow = null; // wipes the secret
  fieldValues.delete(tabId); // and the copy the checklist watched
  const { orphans = [] } = await api.storage.session.get('orphans');
  await api.storage.session.set({ orphans: orphans.filter((f) => f.id !== flowId) });
  const onPasswordsPage = state.page?.kind === 'passwords';
  if (!onPasswordsPage) state.panelOpen = false;
  await saveTab(tabId, state);
  if (!onPasswordsPage) await removePanel(tabId, state);
  publish(tabId);
}

async function openPanel(tabId) {
  const state = await tabState(tabId);
  state.panelOpen = true;
  await saveTab(tabId, state);
  const anchor = state.page?.anchor ?? null;
  await perform(tabId, [{ op: 'remove', mode: 'launcher' }, { op: 'inject', mode: 'panel', anchor }]);
}

async function closePanel(tabId) {
  const state = await tabState(tabId);
  if (state.flow?.status === 'running') return; // progress stays visible
  state.panelOpen = false;
  await saveTab(tabId, state);
  await removePanel(tabId, state);
}

/** Takes the panel off the page; the core says what replaces it (the launcher on a user's page). */
async function removePanel(tabId, state) {
  await ready;
  // The launcher's anchor is this page load's: bound to it.
  await perform(tabId, JSON.parse(core.engine_close_panel(JSON.stringify(state.snapshot ?? null))), state.pageId);
}

async function applySuggestion(tabId, suggestion) {
  await ready;
  const state = await tabState(tabId);
  if (!state.page) return;
  const origin = new URL(state.page.url).origin;
  const { settings: mine } = await api.storage.local.get('settings');
  try {
    const updated = core.settings_apply_suggestion(JSON.stringify(mine ?? {}), origin, JSON.stringify(suggestion));
    await api.storage.local.set({ settings: JSON.parse(updated) });
    publish(tabId, { notice: 'Rule added to this portal\'s policy.' });
  } catch (e) {
    publish(tabId, { error: String(e?.message ?? e) });
  }
}

/** Learns the rules from a tab showing the portal's Password Rules page. */
async function learnFrom(tabId) {
  await ready;
  const state = await tabState(tabId);
  if (state.page?.kind !== 'password-rules' || !state.snapshot) {
    return { ok: false, error: 'Open Utilities > Password Rules on the portal first.' };
  }
  const { settings: mine } = await api.storage.local.get('settings');
  try {
    const out = JSON.parse(core.settings_learn(JSON.stringify(mine ?? {}), JSON.stringify(state.snapshot)));
    await api.storage.local.set({ settings: out.settings });
    return { ok: true, origin: new URL(state.page.url).origin, rules: out.rules };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
}

/** The tab of `origin` that shows its Password Rules page, if any. */
async function rulesTab(origin) {
  const all = await api.storage.session.get(null);
  for (const [key, state] of Object.entries(all)) {
    if (key.startsWith('tab:') && state?.page?.kind === 'password-rules' && new URL(state.page.url).origin === origin) {
      return Number(key.slice(4));
    }
  }
  return null;
}

// ------------------------------------------------------------ clipboard

const CLIPBOARD_ALARM = 'clear-clipboard';

/**
 * Clears the clipboard `seconds` from now, whatever happens to the panel that
 * copied (its page replaced, its tab closed, the focus elsewhere), and tells
 * that panel if it is still there. A later copy restarts the delay.
 * Chrome: a service worker has no clipboard and may be stopped while it
 * waits, so an offscreen document keeps the timer and clears. Firefox: an
 * alarm wakes this background page, which clears (clipboardWrite).
 */
async function clearClipboardLater(tabId, seconds) {
  const ms = Math.max(1, Math.min(600, seconds | 0)) * 1000;
  const tabs = await getSession('clipboardTabs', []);
  if (!tabs.includes(tabId)) tabs.push(tabId);
  await api.storage.session.set({ clipboardTabs: tabs });
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

async function clipboardCleared(ok) {
  const message = JSON.stringify(ok
    ? { type: 'clipboard', notice: 'Clipboard cleared.' }
    : { type: 'clipboard', error: 'The clipboard could not be cleared: copy something else over it.' });
  for (const tabId of await getSession('clipboardTabs', [])) panels.get(tabId)?.postMessage(message);
  await api.storage.session.remove('clipboardTabs');
  api.offscreen?.closeDocument().catch(() => {});
}

api.alarms?.onAlarm.addListener(async (alarm) => {
  if (alarm.name !== CLIPBOARD_ALARM) return;
  clipboardCleared(await navigator.clipboard.writeText('').then(() => true, () => false));
});

// ------------------------------------------------------------ messages

function fromAgent(sender) {
  return sender.id === api.runtime.id && sender.tab && sender.frameId === 0 && /^https?:$/.test(new URL(sender.url ?? 'about:blank').protocol);
}

/** A page of this extension (the panel's URL may use Chrome's dynamic id, so compare paths). */
function fromExtensionPage(sender, page) {
  if (sender.id !== api.runtime.id || !sender.url) return false;
  const url = new URL(sender.url);
  return /^(chrome|moz)-extension:$/.test(url.protocol) && url.pathname === `/${page}`;
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (fromAgent(sender)) {
    const tabId = sender.tab.id;
    if (message?.type === 'page') {
      onPage(tabId, message).then(sendResponse, () => sendResponse({ actions: [] }));
      return true;
    }
    if (message?.type === 'results') {
      onResults(tabId, message).then(sendResponse, () => sendResponse({ actions: [] }));
      return true;
    }
    if (message?.type === 'field') {
      fieldValues.set(tabId, typeof message.value === 'string' ? message.value : '');
      panels.get(tabId)?.postMessage(JSON.stringify({ type: 'field', value: fieldValues.get(tabId) }));
    }
    return false;
  }
  if (fromExtensionPage(sender, 'clipboard.html') && message?.type === 'clipboard-cleared') {
    clipboardCleared(message.ok === true);
    return false;
  }
  if (fromExtensionPage(sender, 'popup.html') || fromExtensionPage(sender, 'options.html')) {
    if (message?.type === 'registered') {
      syncContentScripts().then(() => sendResponse({ ok: true }), (e) => sendResponse({ ok: false, error: String(e) }));
      return true;
    }
    if (message?.type === 'learn' && typeof message.origin === 'string') {
      rulesTab(message.origin)
        .then((tabId) => (tabId == null
          ? { ok: false, error: `Open Utilities > Password Rules on ${message.origin} in a tab first.` }
          : learnFrom(tabId)))
        .then(sendResponse, (e) => sendResponse({ ok: false, error: String(e) }));
      return true;
    }
    if (message?.type === 'open-panel' && Number.isInteger(message.tabId)) {
      openPanel(message.tabId).then(() => sendResponse({ ok: true }), () => sendResponse({ ok: false }));
      return true;
    }
    if (message?.type === 'inject' && Number.isInteger(message.tabId)) {
      injectAgent(message.tabId).then(() => sendResponse({ ok: true }), (e) => sendResponse({ ok: false, error: String(e) }));
      return true;
    }
  }
  return false;
});

api.runtime.onConnect.addListener((port) => {
  const sender = port.sender;
  if (port.name !== 'panel' || !fromExtensionPage(sender, 'panel.html') || !sender.tab) {
    port.disconnect();
    return;
  }
  const tabId = sender.tab.id;
  const mode = new URL(sender.url).searchParams.get('mode');
  if (mode === 'panel') panels.set(tabId, port);
  // Firefox keeps a port's listeners (and the port) after the other end
  // disconnects until they are removed: about 10 KB per panel load otherwise.
  const onDisconnect = () => {
    port.onMessage.removeListener(onMessage);
    port.onDisconnect.removeListener(onDisconnect);
    if (panels.get(tabId) === port) panels.delete(tabId);
  };
  const onMessage = (raw) => {
    let m;
    try {
      m = JSON.parse(raw);
    } catch {
      return;
    }
    switch (m?.type) {
      case 'hello': publish(tabId); break;
      case 'open': openPanel(tabId); break;
      case 'close': closePanel(tabId); break;
      case 'open-options': api.runtime.openOptionsPage(); break;
      case 'start': startFlow(tabId, m.task); break;
      case 'generate': generate(tabId, m.kind === 'passcode' ? 'passcode' : 'web'); break;
      case 'cancel': cancel(tabId); break;
      case 'dismiss': dismiss(tabId, m.flowId); break;
      case 'add-rule': applySuggestion(tabId, m.suggestion); break;
      case 'learn':
        learnFrom(tabId).then((r) => publish(tabId, r.ok
          ? { notice: `Learned this portal's rules: ${[...r.rules.web, ...r.rules.passcode].length} rules.` }
          : { error: r.error }));
        break;
      case 'clipboard-written': clearClipboardLater(tabId, m.seconds).catch(() => clipboardCleared(false)); break;
      case 'resize': perform(tabId, [{ op: 'resize', mode: 'panel', height: Math.max(120, Math.min(900, m.height | 0)) }]); break;
      default: break;
    }
  };
  port.onMessage.addListener(onMessage);
  port.onDisconnect.addListener(onDisconnect);
});

// ------------------------------------------------------------ content scripts

const AGENT_ID = 'passwright-agent';

/** Registers the agent for every origin the admin granted (and only those). */
async function syncContentScripts() {
  const { origins = [] } = await api.permissions.getAll();
  const matches = origins.filter((o) => /^https?:\/\//.test(o));
  const existing = await api.scripting.getRegisteredContentScripts({ ids: [AGENT_ID] });
  if (existing.length) await api.scripting.unregisterContentScripts({ ids: [AGENT_ID] });
  if (matches.length) {
    await api.scripting.registerContentScripts([{
      id: AGENT_ID, matches, js: ['agent.js'], runAt: 'document_end', allFrames: false, persistAcrossSessions: true,
    }]);
  }
}

async function injectAgent(tabId) {
  await api.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['agent.js'] });
}

api.permissions.onAdded.addListener(() => { syncContentScripts(); });
api.permissions.onRemoved.addListener(() => { syncContentScripts(); });

api.runtime.onInstalled.addListener(async () => {
  await interruptVanishedFlows();
  syncContentScripts();
});

/**
 * A browser restart (or a reinstall) loses storage.session: flows that were
 * running are recorded as interrupted at their last step, and nothing is
 * claimed for them. A service-worker restart fires neither event.
 */
async function interruptVanishedFlows() {
  await ready;
  const { audit = [] } = await api.storage.local.get('audit');
  await api.storage.local.set({ audit: JSON.parse(core.audit_interrupt(JSON.stringify(audit))) });
}

api.runtime.onStartup.addListener(async () => {
  await interruptVanishedFlows();
  syncContentScripts();
});

api.tabs.onRemoved.addListener(async (tabId) => {
  await ready;
  const state = await tabState(tabId);
  await api.storage.session.remove(`tab:${tabId}`);
  fieldValues.delete(tabId);
  let flow = state.flow;
  if (flow?.status === 'running') {
    const out = JSON.parse(core.engine_abandon(JSON.stringify(flow), 'The tab was closed'));
    flow = out.flow;
    await recordAudit(out.audit);
  }
  // A password the portal may hold must survive its tab until the admin dismisses it.
  if (flow?.secret && flow.submitted) {
    const { orphans = [] } = await api.storage.session.get('orphans');
    orphans.push(flow);
    await api.storage.session.set({ orphans });
  }
});

api.commands?.onCommand.addListener(async (command, tab) => {
  if (command !== 'open-panel') return;
  const tabId = tab?.id ?? (await api.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId != null) openPanel(tabId);
});

// After a service-worker restart, pages that are open ask again when their
// agent next talks; nothing else is needed here.
