// Loads the Passwright core and starts the panel (or the launcher); the UI is Rust.
import init, { start_panel } from './passwright.js';

const api = globalThis.browser ?? globalThis.chrome;
await init();
start_panel(() => api.runtime.connect({ name: 'panel' }));
