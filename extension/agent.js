// Passwright agent: the content script. Generic on purpose: it knows nothing
// about any portal. It describes the page (a structured snapshot) to the
// extension's background, where the Rust core decides, and performs the
// primitive actions the core returns: insert the panel, fill a field, choose a
// radio, click, follow a link. It never logs, and never reads the value of a
// password field except the one the core asks it to watch for the checklist.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  // Content scripts can be injected twice (registration + programmatic); one agent per page.
  if (globalThis.__passwrightAgent) return;
  globalThis.__passwrightAgent = true;

  // Captured before any page script can run in this world: the isolated world
  // keeps its own prototypes, but belt and braces.
  const inputValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  const checkedProp = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'checked');
  const MAX_TEXT = 4000;
  /** Identifies this page load: the core acts once per load. */
  const pageId = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  const MAX_ITEMS = 400;

  /**
   * Stable ids: an element keeps its id for as long as it lives, and a new
   * element (one the page put in place of another) gets a new id. So an
   * action the core decided on an earlier snapshot can never land on a
   * replacement: its id points at the old, disconnected element.
   */
  /** Inputs ever seen as password fields (their values stay out of snapshots). */
  const secretFields = new WeakSet();
  const idOf = new WeakMap();
  /** id -> { ref: WeakRef(element), signature } */
  const byId = new Map();
  let nextId = 0;
  let frames = { panel: null, launcher: null };
  let watched = null;

  const clean = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const textOf = (el) => clean(el?.innerText ?? el?.textContent ?? '').slice(0, 300);

  function visible(el) {
    if (!el.isConnected) return false;
    if (el.type === 'hidden') return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    return el.getClientRects().length > 0;
  }

  function signature(el) {
    // A password field shown as text ("show password") is still the same field.
    const type = secretFields.has(el) && el.type === 'text' ? 'password' : el.type ?? '';
    return `${el.tagName}|${type}|${el.name ?? ''}`;
  }

  function register(el) {
    let id = idOf.get(el);
    if (id === undefined) {
      id = nextId++;
      idOf.set(el, id);
      byId.set(id, { ref: new WeakRef(el), signature: signature(el) });
    }
    return id;
  }

  /** Forgets elements that are gone, so the table does not grow with the page's churn. */
  function prune() {
    for (const [id, entry] of byId) {
      const el = entry.ref.deref();
      if (!el || !el.isConnected) byId.delete(id);
    }
  }

  /** Text that labels a control, from the most to the least explicit source. */
  function labelOf(el, forLink = false) {
    const byIds = el.getAttribute('aria-labelledby');
    if (byIds) {
      const t = clean(byIds.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
      if (t) return { label: t, source: 'aria-labelledby' };
    }
    const aria = clean(el.getAttribute('aria-label'));
    if (aria) return { label: aria, source: 'aria-label' };
    if (el.labels && el.labels.length) {
      const t = clean([...el.labels].map((l) => textOf(l)).join(' '));
      if (t) return { label: t, source: el.labels[0].contains(el) ? 'wrapping' : 'for' };
    }
    // Radios and checkboxes are usually followed by their text.
    if (el.type === 'radio' || el.type === 'checkbox') {
      let next = el.nextSibling;
      while (next && next.nodeType === Node.TEXT_NODE && !clean(next.textContent)) next = next.nextSibling;
      const t = next && !(next.matches?.('input, select, textarea')) ? clean(next.textContent).slice(0, 200) : '';
      if (t) return { label: t, source: 'next' };
    }
    // Table layouts: the cell before, or the first cell of the row.
    const cell = el.closest('td, th');
    if (cell) {
      let prev = cell.previousElementSibling;
      while (prev && !textOf(prev)) prev = prev.previousElementSibling;
      if (prev) return { label: textOf(prev), source: 'cell' };
    }
    // Div layouts: the nearest preceding sibling (or parent's preceding sibling)
    // with text, unless that is another control (or, for links, another link).
    const stop = forLink ? 'input, select, textarea, a' : 'input, select, textarea';
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      let prev = node.previousElementSibling;
      while (prev && !textOf(prev)) prev = prev.previousElementSibling;
      if (prev && (prev.matches(stop) || prev.querySelector(stop))) break;
      if (prev) return { label: textOf(prev), source: 'near' };
      if (node.parentElement && node.parentElement.querySelectorAll(stop).length > 1) break;
    }
    const near = clean(el.placeholder || el.title);
    return { label: near, source: near ? 'placeholder' : 'none' };
  }

  /** The heading or bold text that introduces a link's group, if any. */
  function groupOf(el) {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      let prev = node.previousElementSibling;
      while (prev) {
        if (/^(H[1-6]|STRONG|B|DT|LEGEND|CAPTION)$/.test(prev.tagName) || prev.getAttribute('role') === 'heading' || /head|title|group/i.test(prev.className)) {
          const t = textOf(prev);
          if (t && t.length < 60) return t;
        }
        prev = prev.previousElementSibling;
      }
      if (node.parentElement?.tagName === 'NAV' || node.tagName === 'UL') {
        const heading = node.parentElement?.querySelector('h1, h2, h3, h4, h5, h6, strong, [role=heading]');
        if (heading && !heading.contains(el)) return textOf(heading);
      }
    }
    return '';
  }

  function formIndex(el) {
    const form = el.form ?? el.closest('form');
    return form ? [...document.forms].indexOf(form) : -1;
  }

  function isOurs(el) {
    return el.closest('[data-passwright]') !== null;
  }

  /**
   * The page, described. A light snapshot (the first on each page) leaves out
   * what costs most on long pages: the links' labels and groups, the
   * label/value pairs and the page's text. The core asks for the full one
   * when the light one can be a portal page.
   */
  function snapshot(light = false) {
    if (byId.size > MAX_ITEMS * 8) prune();
    const headings = [];
    for (const h of document.querySelectorAll('h1, h2, h3, h4, [role=heading]')) {
      if (headings.length >= 40 || isOurs(h) || !visible(h)) continue;
      const t = textOf(h);
      if (t) headings.push({ id: register(h), level: Number(h.tagName[1]) || Number(h.getAttribute('aria-level')) || 2, text: t });
    }
    const links = [];
    for (const a of document.querySelectorAll('a[href], [role=link]')) {
      if (links.length >= MAX_ITEMS || isOurs(a) || !visible(a)) continue;
      const t = textOf(a) || clean(a.getAttribute('aria-label') || a.title);
      if (!t) continue;
      if (light) {
        links.push({ id: register(a), text: t, href: a.href ?? '' });
        continue;
      }
      const context = labelOf(a, true).label;
      links.push({ id: register(a), text: t, href: a.href ?? '', group: groupOf(a), label: context === t ? '' : context });
    }
    const fields = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (fields.length >= MAX_ITEMS || isOurs(el)) continue;
      let type = el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : el.tagName.toLowerCase();
      // A password field stays one when a "show password" toggle makes it text:
      // its value never enters a snapshot.
      if (type === 'password' || (type === 'text' && /(new|current)-password/.test(el.getAttribute('autocomplete') ?? ''))) {
        secretFields.add(el);
      }
      if (type === 'text' && secretFields.has(el)) type = 'password';
      if (['submit', 'button', 'reset', 'image'].includes(type)) continue;
      const shown = visible(el);
      if (!shown && type !== 'hidden') continue;
      const { label, source } = type === 'hidden' ? { label: '', source: 'none' } : labelOf(el);
      const field = {
        id: register(el), type, name: el.name ?? '', label, label_source: source, group: groupOf(el),
        form: formIndex(el), disabled: !!el.disabled, readonly: !!el.readOnly, required: !!el.required,
        autocomplete: el.getAttribute('autocomplete') ?? '',
      };
      if (type === 'password') {
        field.value_length = inputValue.get.call(el).length; // never the value itself
      } else if (type === 'radio' || type === 'checkbox') {
        field.checked = checkedProp.get.call(el);
      } else if (type === 'select') {
        field.value = textOf(el.selectedOptions?.[0]);
      } else if (type !== 'hidden') {
        field.value = (el.value ?? '').slice(0, 200);
      }
      fields.push(field);
    }
    const buttons = [];
    for (const b of document.querySelectorAll('button, input[type=submit], input[type=button], input[type=reset], input[type=image], [role=button]')) {
      if (buttons.length >= MAX_ITEMS || isOurs(b) || !visible(b)) continue;
      const t = clean(b.tagName === 'INPUT' ? (b.value || b.alt) : textOf(b)) || clean(b.getAttribute('aria-label') || b.title);
      const type = (b.getAttribute('type') || (b.tagName === 'BUTTON' ? 'submit' : 'button')).toLowerCase();
      buttons.push({ id: register(b), text: t, type, form: formIndex(b), disabled: !!b.disabled });
    }
    const messages = [];
    const seen = new Set();
    for (const m of document.querySelectorAll('[role=alert], [role=status], [aria-live], .error, .errors, .alert, .message, .messages, .notice, .success, .warning, .info, .feedback, [class*=error], [class*=alert], [class*=message], [class*=notice], [class*=success], [id*=error], [id*=message], [class*=msg], [class*=flash], [class*=toast], [class*=notif], .bad, .good, .ok')) {
      if (messages.length >= 40 || isOurs(m) || !visible(m)) continue;
      const t = textOf(m);
      if (!t || seen.has(t)) continue;
      seen.add(t);
      const role = m.getAttribute('role') ?? '';
      const cls = String(m.getAttribute('class') ?? '').slice(0, 80);
      messages.push({ text: t, role, class: cls });
      // A list of problems: each line on its own as well.
      for (const li of m.querySelectorAll('li')) {
        const lt = textOf(li);
        if (lt && !seen.has(lt) && messages.length < 40) {
          seen.add(lt);
          messages.push({ text: lt, role, class: cls });
        }
      }
    }
    const pairs = [];
    for (const row of light ? [] : document.querySelectorAll('tr')) {
      if (pairs.length >= MAX_ITEMS || isOurs(row)) continue;
      const cells = [...row.children].filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
      if (cells.length < 2) continue;
      const label = textOf(cells[0]);
      if (!label || label.length > 60) continue;
      const control = cells[1].querySelector('input:not([type=password]):not([type=hidden]), select');
      const value = control ? (control.tagName === 'SELECT' ? textOf(control.selectedOptions?.[0]) : control.value) : textOf(cells[1]);
      pairs.push({ label, value: clean(value).slice(0, 200) });
    }
    for (const dt of light ? [] : document.querySelectorAll('dt')) {
      const dd = dt.nextElementSibling;
      if (dd?.tagName === 'DD') pairs.push({ label: textOf(dt), value: textOf(dd) });
    }
    // Key/value layouts: a short leaf text followed by a leaf value ("User ID" "jsmith@…").
    for (const el of light ? [] : document.querySelectorAll('label, span, strong, b, div, p, dt, th')) {
      if (pairs.length >= MAX_ITEMS || isOurs(el) || el.children.length > 0) continue;
      const label = textOf(el);
      if (!label || label.length > 60) continue;
      const next = el.nextElementSibling;
      if (!next || next.children.length > 1 || next.querySelector('input, select, textarea')) continue;
      const value = textOf(next);
      if (value && value.length <= 200) pairs.push({ label, value });
    }
    // Attributes, not properties: a field named "action" would shadow form.action.
    const forms = [...document.forms].map((f, index) => ({
      index,
      method: String(f.getAttribute('method') || 'get').toLowerCase(),
      action: new URL(f.getAttribute('action') ?? '', location.href).href,
    }));
    return {
      url: location.href,
      title: clean(document.title),
      lang: document.documentElement.lang || '',
      referrer: document.referrer || '',
      headings, links, fields, buttons, messages, pairs, forms,
      text: light ? '' : clean(document.body?.innerText ?? '').slice(0, MAX_TEXT),
      light,
    };
  }

  // ------------------------------------------------------------ actions

  function resolve(id) {
    const entry = byId.get(id);
    if (!entry) throw new Error('replaced'); // pruned: it left the page
    const el = entry.ref.deref();
    if (!el || !el.isConnected || signature(el) !== entry.signature) throw new Error('replaced');
    return el;
  }

  function fire(el, type, init = {}) {
    const Ctor = type === 'input' ? InputEvent : (type === 'focus' || type === 'blur') ? FocusEvent : Event;
    el.dispatchEvent(new Ctor(type, { bubbles: type !== 'focus' && type !== 'blur', cancelable: false, ...init }));
  }

  function fill(id, value) {
    const el = resolve(id);
    el.focus();
    fire(el, 'focus');
    inputValue.set.call(el, value);
    fire(el, 'input', { inputType: 'insertReplacementText' });
    fire(el, 'change');
    el.blur();
    fire(el, 'blur');
    // Read back: a page that rewrites or swaps the field is caught here.
    if (!el.isConnected || inputValue.get.call(el) !== value) throw new Error('read-back mismatch');
  }

  function choose(id) {
    const el = resolve(id);
    if (!checkedProp.get.call(el)) {
      el.click();
      if (!checkedProp.get.call(el)) {
        checkedProp.set.call(el, true);
        fire(el, 'input');
        fire(el, 'change');
      }
    }
    if (!checkedProp.get.call(el)) throw new Error('not checked');
  }

  function place(frame, anchorId, mode) {
    const anchor = anchorId == null ? null : byId.get(anchorId)?.ref.deref() ?? null;
    const width = mode === 'panel' ? 340 : 230;
    const maxLeft = Math.max(0, document.documentElement.clientWidth - width - 12) + scrollX;
    // The panel sits beside form fields; elsewhere it docks on the right.
    const besideField = mode === 'panel' && anchor && /^(INPUT|SELECT|TEXTAREA)$/.test(anchor.tagName);
    if (anchor && anchor.isConnected && (mode !== 'panel' || besideField)) {
      let r = anchor.getBoundingClientRect();
      if (/^H[1-6]$/.test(anchor.tagName)) {
        // Beside the heading's text, not its full-width box.
        const range = document.createRange();
        range.selectNodeContents(anchor);
        r = range.getBoundingClientRect();
      }
      frame.style.left = `${Math.min(r.right + 24 + scrollX, maxLeft)}px`;
      const top = mode === 'panel' ? r.top - 40 : r.top + (r.height - 44) / 2;
      frame.style.top = `${Math.max(8, top + scrollY)}px`;
    } else {
      frame.style.left = `${maxLeft}px`;
      frame.style.top = `${56 + scrollY}px`;
    }
  }

  function inject(mode, anchorId, src, height) {
    let frame = frames[mode];
    if (!frame || !frame.isConnected) {
      frame = document.createElement('iframe');
      frame.setAttribute('data-passwright', mode);
      frame.setAttribute('title', mode === 'panel' ? 'Passwright' : 'Passwright launcher');
      // Any origin, not the default (the src's): Chrome's dynamic resource URL
      // is not the origin the panel's document gets, so 'src' would block Copy.
      // Delegating to a frame the page could navigate gives the page nothing
      // it lacks: it can write its own clipboard.
      frame.setAttribute('allow', 'clipboard-write *');
      // Positioned over the page, outside its flow: the portal's layout does not move.
      frame.style.cssText = 'position:absolute;z-index:2147483647;border:0;border-radius:10px;' +
        'box-shadow:0 4px 18px rgba(0,0,0,.25);background:#fff;color-scheme:light;' +
        `width:${mode === 'panel' ? 340 : 230}px;height:${height ?? (mode === 'panel' ? 520 : 44)}px;`;
      frame.src = src;
      (document.body ?? document.documentElement).appendChild(frame);
      frames[mode] = frame;
    } else if (height) {
      frame.style.height = `${height}px`;
    }
    place(frame, anchorId, mode);
  }

  function remove(mode) {
    frames[mode]?.remove();
    frames[mode] = null;
  }

  let watchTimer = 0;
  function watch(id) {
    const el = resolve(id);
    if (watched?.el === el) return;
    unwatch();
    const send = () => {
      clearTimeout(watchTimer);
      watchTimer = setTimeout(() => {
        if (el.isConnected) api.runtime.sendMessage({ type: 'field', value: inputValue.get.call(el) }).catch(() => {});
      }, 60);
    };
    el.addEventListener('input', send);
    watched = { el, send };
    send();
  }

  function unwatch() {
    if (watched) watched.el.removeEventListener('input', watched.send);
    watched = null;
  }

  /** Runs a batch in order; stops at the first failure. */
  function perform(actions) {
    const results = [];
    for (const a of actions ?? []) {
      try {
        switch (a.op) {
          case 'fill': fill(a.id, a.value); break;
          case 'choose': choose(a.id); break;
          case 'click': resolve(a.id).click(); break;
          case 'follow': resolve(a.id).click(); break;
          case 'navigate': {
            const url = new URL(a.url, location.href);
            if (url.origin !== location.origin) throw new Error('cross-origin navigation refused');
            location.assign(url.href);
            break;
          }
          case 'inject': inject(a.mode, a.anchor, a.src, a.height); break;
          case 'resize': if (frames[a.mode]) frames[a.mode].style.height = `${a.height}px`; break;
          case 'remove': remove(a.mode); break;
          case 'watch': watch(a.id); break;
          case 'unwatch': unwatch(); break;
          default: throw new Error(`unknown action ${a.op}`);
        }
        results.push({ op: a.op, ok: true });
      } catch (e) {
        results.push({ op: a.op, ok: false, error: String(e?.message ?? e) });
        break;
      }
    }
    return results;
  }

  async function report(reason, light = false) {
    let reply;
    try {
      reply = await api.runtime.sendMessage({ type: 'page', reason, pageId, snapshot: snapshot(light) });
      if (reply?.full) {
        // Only frames: the panel loads while the page is described in full.
        // They are provisional: the full answer injects again what stays.
        const provisional = (reply.actions ?? []).filter((a) => a.op === 'inject').map((a) => a.mode);
        perform(reply.actions ?? []);
        reply = await api.runtime.sendMessage({ type: 'page', reason, pageId, snapshot: snapshot() });
        const kept = new Set((reply?.actions ?? []).filter((a) => a.op === 'inject').map((a) => a.mode));
        for (const mode of provisional) if (!kept.has(mode)) remove(mode);
      }
    } catch {
      return; // the background is restarting; it asks again when ready
    }
    // Several rounds: a batch (fill, then verify) may be followed by another.
    for (let round = 0; round < 8 && reply?.actions?.length; round++) {
      const results = perform(reply.actions);
      try {
        reply = await api.runtime.sendMessage({ type: 'results', results, pageId, snapshot: snapshot() });
      } catch {
        return;
      }
    }
  }

  // Only the extension's own background may instruct the agent: not the page
  // (it cannot reach runtime messaging at all), not the panel, the popup, the
  // options page or any other frame.
  /** The extension's background (Chrome: its service worker; Firefox: its generated background page). */
  function fromBackground(sender) {
    if (sender.id !== api.runtime.id || sender.tab) return false;
    try {
      const url = new URL(sender.url ?? '');
      return /^(chrome|moz)-extension:$/.test(url.protocol)
        && (url.pathname === '/background.js' || url.pathname === '/_generated_background_page.html');
    } catch {
      return false;
    }
  }

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!fromBackground(sender)) return false;
    if (message?.type === 'snapshot') {
      report(message.reason ?? 'asked');
    } else if (message?.type === 'perform') {
      // Decided on another page load of this tab: its ids mean other elements here.
      const results = message.pageId && message.pageId !== pageId
        ? [{ op: message.actions?.[0]?.op ?? 'none', ok: false, error: 'the page changed' }]
        : perform(message.actions);
      sendResponse({ results, pageId, snapshot: snapshot() });
    }
    return false;
  });

  report('load', true);
})();
