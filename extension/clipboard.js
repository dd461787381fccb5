// @ts-check
// Chrome's offscreen document: clears the clipboard when the background asks,
// after the delay it gives. The timer lives here, not in the service worker,
// which may be stopped while it waits. It never receives or writes a secret:
// only an empty text.
/** @type {any} */
const api = /** @type {any} */ (globalThis).chrome;
/** @type {number | undefined} */
let timer;

/** Replaces the clipboard's text with an empty one (no focus needed here). */
function clear() {
  const put = (/** @type {ClipboardEvent} */ e) => {
    /** @type {DataTransfer} */ (e.clipboardData).setData('text/plain', '');
    e.preventDefault();
  };
  document.addEventListener('copy', put, { once: true });
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', put);
  }
  return ok;
}

api.runtime.onMessage.addListener((/** @type {any} */ message, /** @type {any} */ sender, /** @type {(r: any) => void} */ sendResponse) => {
  // Only the background (the service worker) gives orders.
  const fromBackground = sender.id === api.runtime.id && !sender.tab &&
    new URL(sender.url ?? 'about:blank').pathname === '/background.js';
  if (!fromBackground || message?.type !== 'clear-clipboard-after') return false;
  clearTimeout(timer);
  const ms = Math.max(0, Math.min(600_000, Number(message.ms) || 0));
  timer = setTimeout(() => {
    const ok = clear();
    api.runtime.sendMessage({ type: 'clipboard-cleared', ok });
  }, ms);
  sendResponse({ ok: true });
  return false;
});
