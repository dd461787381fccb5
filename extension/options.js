// The options page: settings per portal, preferences, the audit log. Logic in Rust.
import init, { start_options } from './passwright.js';

const api = globalThis.browser ?? globalThis.chrome;
await init();
start_options({
  load: async () => {
    const { settings = {}, audit = [] } = await api.storage.local.get(['settings', 'audit']);
    let managed = {};
    // Some builds never answer when no policy is deployed: a timeout means none.
    managed = await Promise.race([
      api.storage.managed.get(null).catch(() => ({})),
      new Promise((resolve) => setTimeout(() => resolve({}), 300)),
    ]) ?? {};
    return JSON.stringify({ settings, audit, managed });
  },
  saveSettings: (json) => api.storage.local.set({ settings: JSON.parse(json) }),
  clearAudit: () => api.storage.local.set({ audit: [] }),
  send: (json) => api.runtime.sendMessage(JSON.parse(json)).then((reply) => JSON.stringify(reply ?? {})),
});
