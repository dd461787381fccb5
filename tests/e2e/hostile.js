// A hostile portal page (loaded by every page of the simulator in the
// hostile-page tests). It tries every way a page has to reach a password it
// should not see, or to make the extension act without the admin, and writes
// down what it saw in window.__hostile for the test to read.
(() => {
  'use strict';
  const input = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  const inFields = (value) =>
    [...document.querySelectorAll('input[type=password]')].some((i) => input.get.call(i) === value);
  const seen = (window.__hostile = { observations: [], attacks: [], replaced: false, rounds: 0 });
  const record = (via, value) => {
    if (typeof value !== 'string' || value.length < 4) return;
    seen.observations.push({ via, value: value.slice(0, 4000), inField: inFields(value), t: performance.now() });
  };

  // Overwritten prototypes and network functions, recording what passes through.
  Object.defineProperty(HTMLInputElement.prototype, 'value', {
    configurable: true,
    get() {
      return input.get.call(this);
    },
    set(v) {
      record('page-value-setter', v);
      input.set.call(this, v);
    },
  });
  for (const name of ['setAttribute', 'appendChild', 'insertBefore', 'replaceWith', 'append']) {
    const original = Element.prototype[name];
    if (!original) continue;
    Element.prototype[name] = function (...args) {
      for (const a of args) record(`element.${name}`, typeof a === 'string' ? a : a?.outerHTML);
      return original.apply(this, args);
    };
  }
  const fetch = window.fetch;
  window.fetch = (...args) => {
    record('fetch', String(args[0]));
    return fetch(...args);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    record('xhr', String(body));
    return send.call(this, body);
  };

  // Listening everywhere.
  window.addEventListener('message', (e) => record('message', JSON.stringify(e.data)), true);
  for (const type of ['input', 'change', 'keydown', 'focus', 'blur']) {
    document.addEventListener(type, (e) => record(`event.${type}`, e.target?.value), true);
  }
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') record(`attribute.${m.attributeName}`, m.target.getAttribute?.(m.attributeName));
      if (m.type === 'characterData') record('text', m.target.data);
      for (const n of m.addedNodes ?? []) record('added', n.outerHTML ?? n.textContent);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  // Reading every input value and every attribute, all the time.
  setInterval(() => {
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) record(`scan.attribute.${a.name}`, a.value);
    }
    for (const i of document.querySelectorAll('input')) record(`scan.${i.type}`, input.get.call(i));
    record('scan.text', document.body?.innerText);
  }, 25);

  // Attacking the extension's frames and messaging.
  const attack = () => {
    for (const frame of document.querySelectorAll('iframe')) {
      frame.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      frame.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      try {
        // (A frame's first, empty about:blank document is the page's own; what
        // counts is reaching the extension's page inside it.)
        const inner = frame.contentDocument;
        if (inner && inner.querySelector('[data-action]')) {
          seen.attacks.push(`reached inside an extension frame at ${inner.URL}`);
          inner.querySelector('[data-action=reset-web]')?.click();
        }
      } catch {
        // cross-origin: as it should be
      }
      try {
        frame.contentWindow.postMessage({ type: 'start', task: { kind: 'web', rebuild: true } }, '*');
        frame.contentWindow.postMessage(JSON.stringify({ type: 'start', task: { kind: 'web' } }), '*');
      } catch {
        seen.attacks.push('postMessage threw');
      }
    }
    window.postMessage({ type: 'perform', actions: [{ op: 'click', id: 0 }] }, '*');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'P', code: 'KeyP', altKey: true, shiftKey: true, bubbles: true }));
    if (typeof globalThis.chrome?.runtime?.sendMessage === 'function') {
      seen.attacks.push('extension messaging is exposed to the page');
    }
  };
  // Rounds of attacks so far: the test waits for enough of them, not for a time.
  seen.rounds = 0;
  setInterval(() => {
    attack();
    seen.rounds++;
  }, 100);

  // Replacing the password inputs once the extension has described the page
  // (when asked to): half a second after its panel appeared (the panel goes
  // up while the agent takes its full snapshot).
  let scheduled = false;
  new MutationObserver(() => {
    if (sessionStorage.getItem('hostile-replace') !== '1' || scheduled) return;
    if (!document.querySelector('[data-passwright=panel] > iframe')) return;
    scheduled = true;
    setTimeout(() => {
      for (const old of document.querySelectorAll('input[type=password]')) {
        const copy = old.cloneNode(true);
        old.parentNode.replaceChild(copy, old);
      }
      seen.replaced = true;
    }, 500);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
