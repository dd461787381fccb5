// @ts-check
// The toolbar popup: enable Passwright on the current portal (an optional host
// permission, asked for here, inside the admin's click). The UI is Rust.
import init, { start_popup } from './passwright_pages.js';

/** @type {any} */
const api = /** @type {any} */ (globalThis).browser ?? /** @type {any} */ (globalThis).chrome;
// Opened as a page of its own (`popup.html?tab=<id>`: a window or a tab, for
// keyboard users and the end-to-end tests), the popup acts on that tab, which
// is no longer the active one; from the toolbar, on the window's active tab.
const forTab = new URLSearchParams(location.search).get('tab');
await init();
await start_popup({
  activeTab: async () => forTab !== null && /^\d+$/.test(forTab)
    ? await api.tabs.get(Number(forTab)).catch(() => null)
    : (await api.tabs.query({ active: true, currentWindow: true }))[0] ?? null,
  contains: (/** @type {string} */ pattern) => api.permissions.contains({ origins: [pattern] }),
  request: (/** @type {string} */ pattern) => api.permissions.request({ origins: [pattern] }),
  remove: (/** @type {string} */ pattern) => api.permissions.remove({ origins: [pattern] }),
  send: (/** @type {any} */ request) => api.runtime.sendMessage(request),
  openOptions: () => api.runtime.openOptionsPage(),
  close: () => window.close(),
});
