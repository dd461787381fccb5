// @ts-check
// Loads the pages' wasm module and starts the panel (or the launcher): the
// UI is Rust (src/wasm/panel), drawing the views the background's engine sends.
import init, { start_panel } from './passwright_panel.js';

/** @type {any} */
const api = /** @type {any} */ (globalThis).browser ?? /** @type {any} */ (globalThis).chrome;
await init();
start_panel(() => api.runtime.connect({ name: 'panel' }));
