// The toolbar popup: enable Passwright on the current portal (an optional host
// permission, asked for here, on the admin's click). Logic in Rust.
import init, { start_popup } from './passwright.js';

const api = globalThis.browser ?? globalThis.chrome;
await init();
start_popup({
  activeTab: async () => (await api.tabs.query({ active: true, currentWindow: true }))[0] ?? null,
  contains: (pattern) => api.permissions.contains({ origins: [pattern] }),
  request: (pattern) => api.permissions.request({ origins: [pattern] }),
  remove: (pattern) => api.permissions.remove({ origins: [pattern] }),
  send: (message) => api.runtime.sendMessage(message),
  openOptions: () => api.runtime.openOptionsPage(),
});
