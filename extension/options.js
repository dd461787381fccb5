// @ts-check
// The options page: the UI is Rust (src/wasm/pages), drawing the views the
// background's engine sends; `send` carries a request and resolves with the reply.
import init, { start_options } from './passwright_pages.js';

/** @type {any} */
const api = /** @type {any} */ (globalThis).browser ?? /** @type {any} */ (globalThis).chrome;
await init();
await start_options({
  send: (/** @type {any} */ request) => api.runtime.sendMessage(request),
});
