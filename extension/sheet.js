// @ts-check
// The hand-off sheet of a bulk run: the new passwords, to print or hand over.
// The UI is Rust; it asks the background for the run's sheet by its id.
import init, { start_sheet } from './passwright_pages.js';

/** @type {any} */
const api = /** @type {any} */ (globalThis).browser ?? /** @type {any} */ (globalThis).chrome;
await init();
await start_sheet({
  send: (/** @type {any} */ request) => api.runtime.sendMessage(request),
  print: () => window.print(),
});
