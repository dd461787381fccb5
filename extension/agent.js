// @ts-check
// Passwright agent: the content script, in every frame of the portals the
// admin enabled. Generic on purpose: it knows nothing about any portal. It
// describes the page (a structured snapshot) to the background, where the
// Rust core decides, and performs the primitive actions the core returns:
// insert the panel, fill a field, choose a radio, click, follow a link,
// report what it sees of the panel (the clickjacking guard). It never logs,
// and never reads the value of a password field except the one the core
// asks it to watch for the checklist.
//
// Messages are the core's typed protocol (src/core/protocol/agent.rs; types
// in extension/types/), externally tagged: {page: {...}}, {perform: {...}}.
/** @typedef {import('./types').Action} Action */
/** @typedef {import('./types').ActionResult} ActionResult */
/** @typedef {import('./types').AgentError} AgentError */
/** @typedef {import('./types').Cover} Cover */
/** @typedef {import('./types').FromAgent} FromAgent */
/** @typedef {import('./types').GuardReport} GuardReport */
/** @typedef {import('./types').Layout} Layout */
/** @typedef {import('./types').Link} Link */
/** @typedef {import('./types').Op} Op */
/** @typedef {import('./types').PickTarget} PickTarget */
/** @typedef {import('./types').Reason} Reason */
/** @typedef {import('./types').Rect} Rect */
/** @typedef {import('./types').Snapshot} Snapshot */
/** @typedef {import('./types').UserRow} UserRow */
(() => {
  'use strict';
  /** @type {any} */
  const api = /** @type {any} */ (globalThis).browser ?? /** @type {any} */ (globalThis).chrome;
  // Content scripts can be injected twice (registration + programmatic); one agent per frame.
  if (/** @type {any} */ (globalThis).__passwrightAgent) return;
  /** @type {any} */ (globalThis).__passwrightAgent = true;

  // Captured before any page script can run in this world: the isolated world
  // keeps its own prototypes, but belt and braces.
  const inputValue = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value'));
  const checkedProp = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'checked'));
  const MAX_TEXT = 4000;
  const MAX_ITEMS = 400;
  const MAX_BLOCKS = 200;
  const top = window === window.top;
  /** Identifies this page load: the core acts once per load, on its own ids. */
  const pageId = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  /** How many times this page load was described. */
  let view = 0;

  /**
   * Stable ids: an element keeps its id for as long as it lives, and a new
   * element (one the page put in place of another) gets a new id. So an
   * action the core decided on an earlier snapshot can never land on a
   * replacement: its id points at the old, disconnected element.
   */
  /** Inputs ever seen as password fields (their values stay out of snapshots, whatever their type now). */
  const secretFields = new WeakSet();
  /** @type {WeakMap<Element, number>} */
  const idOf = new WeakMap();
  /** @type {Map<number, {ref: WeakRef<Element>, signature: string}>} */
  const byId = new Map();
  let nextId = 0;

  const clean = (/** @type {string | null | undefined} */ s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const textOf = (/** @type {any} */ el) => clean(el?.innerText ?? el?.textContent ?? '').slice(0, 300);

  /**
   * Shadow roots of the page's web components (a reskin may draw its whole
   * Passwords form inside one), found again on each description and each
   * watched for changes once found. Closed roots too: extensions have an
   * accessor for them (see `shadowOf`).
   * @type {ShadowRoot[]}
   */
  let shadowRoots = [];
  /** Set when elements came or went since the last look (a component may have come with them). */
  let rootsDirty = true;
  const watchedRoots = new WeakSet();
  /** @type {(root: ShadowRoot) => void} */
  let watchRoot = () => {};
  /**
   * An element's shadow root, open or closed. Closed ones only through the
   * extension-only accessors: Chromium's `dom.openOrClosedShadowRoot(el)`,
   * Firefox's `el.openOrClosedShadowRoot` (a property, whose getter throws
   * when read from the prototype). Asked only of custom elements (a name
   * with a hyphen), where web components put them: one API call per element
   * of a large page would cost more than the rest of the walk.
   */
  const closedRoot = typeof api?.dom?.openOrClosedShadowRoot === 'function'
    ? (/** @type {Element} */ el) => api.dom.openOrClosedShadowRoot(el)
    : 'openOrClosedShadowRoot' in Element.prototype
      ? (/** @type {Element} */ el) => /** @type {any} */ (el).openOrClosedShadowRoot
      : () => null;
  const closedRootOf = (/** @type {Element} */ el) => {
    try {
      return closedRoot(el) ?? null;
    } catch {
      return null;
    }
  };
  const shadowOf = (/** @type {Element} */ el) =>
    el.shadowRoot ?? (el.localName.includes('-') ? /** @type {ShadowRoot | null} */ (closedRootOf(el) ?? null) : null);
  function findShadowRoots() {
    if (!rootsDirty) return;
    rootsDirty = false;
    const found = [];
    const queue = [/** @type {Document | ShadowRoot} */ (document)];
    let seen = 0;
    while (queue.length && found.length < 200 && seen < 20000) {
      const root = /** @type {Document | ShadowRoot} */ (queue.shift());
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
      for (let n = walker.nextNode(); n && seen < 20000; n = walker.nextNode()) {
        seen++;
        const sr = shadowOf(/** @type {Element} */ (n));
        if (sr && !isOurs(/** @type {Element} */ (n))) {
          found.push(sr);
          queue.push(sr);
          if (!watchedRoots.has(sr)) {
            watchedRoots.add(sr);
            watchRoot(sr);
          }
        }
      }
    }
    shadowRoots = found;
  }
  /** Every element matching `selector` in the document and its open shadow roots. */
  function all(/** @type {string} */ selector) {
    const out = [...document.querySelectorAll(selector)];
    for (const root of shadowRoots) out.push(...root.querySelectorAll(selector));
    return /** @type {any[]} */ (out);
  }
  /** The page's forms, the shadow roots' after the document's. */
  const allForms = () => [...document.forms, ...shadowRoots.flatMap((r) => [...r.querySelectorAll('form')])];

  /** Whether a field is (or ever was) a password field. */
  function isSecret(/** @type {any} */ el) {
    if (secretFields.has(el)) return true;
    const type = (el.type || '').toLowerCase();
    const auto = el.getAttribute?.('autocomplete') ?? '';
    if (type === 'password' || /(new|current)-password/.test(auto)) {
      secretFields.add(el);
      return true;
    }
    return false;
  }

  function visible(/** @type {Element} */ el) {
    if (!el.isConnected) return false;
    if (/** @type {any} */ (el).type === 'hidden') return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    return el.getClientRects().length > 0;
  }

  function signature(/** @type {any} */ el) {
    // A password field shown as text ("show password") is still the same field.
    const type = secretFields.has(el) && el.type === 'text' ? 'password' : el.type ?? '';
    return `${el.tagName}|${type}|${el.name ?? ''}`;
  }

  function register(/** @type {Element} */ el) {
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

  /** A rectangle in page coordinates. */
  function pageRect(/** @type {DOMRect} */ r) {
    return { x: Math.round(r.left + scrollX), y: Math.round(r.top + scrollY), w: Math.round(r.width), h: Math.round(r.height) };
  }

  /** Text that labels a control, from the most to the least explicit source. */
  function labelOf(/** @type {any} */ el, forLink = false) {
    const byIds = el.getAttribute('aria-labelledby');
    if (byIds) {
      const t = clean(byIds.split(/\s+/).map((/** @type {string} */ id) => (el.getRootNode().getElementById?.(id) ?? document.getElementById(id))?.textContent ?? '').join(' '));
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
  function groupOf(/** @type {Element} */ el) {
    for (let node = /** @type {Element | null} */ (el); node && node !== document.body; node = node.parentElement) {
      let prev = node.previousElementSibling;
      while (prev) {
        if (/^(H[1-6]|STRONG|B|DT|LEGEND|CAPTION)$/.test(prev.tagName) || prev.getAttribute('role') === 'heading' || /head|title|group/i.test(String(prev.className))) {
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

  function formIndex(/** @type {any} */ el) {
    const form = el.form ?? el.closest('form');
    return form ? allForms().indexOf(form) : -1;
  }

  function isOurs(/** @type {Element} */ el) {
    return el.closest('[data-passwright]') !== null;
  }

  /** A value the page served, never one typed into it (nor a secret field's). */
  function servedValue(/** @type {any} */ el) {
    if (el.tagName === 'SELECT') return textOf(el.selectedOptions?.[0]);
    if (isSecret(el)) return null;
    const v = el.value ?? '';
    return v === (el.defaultValue ?? '') ? v.slice(0, 200) : null;
  }

  /**
   * The computed text colour, as [r, g, b].
   * @returns {[number, number, number] | null}
   */
  function colour(/** @type {Element} */ el) {
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(el).color);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  }

  /** Short texts with how they look: where legacy portals put errors and rules. */
  function blocks() {
    const out = [];
    const forms = all('form').filter((f) => f.querySelector('input[type=password]'));
    const secrets = all('input').filter((i) => isSecret(i));
    const near = (/** @type {Element} */ el) => {
      if (forms.some((f) => f.contains(el))) return true;
      // Within the same table or container as a password field, or just above it.
      return secrets.some((s) => {
        const box = s.closest('table, form, fieldset, section, main, article') ?? s.parentElement?.parentElement;
        return !!box && (box.contains(el) || box.previousElementSibling?.contains(el) === true);
      });
    };
    const seen = new Set();
    const candidates = all('font, p, li, td, th, span, div, small, strong, b, em, label, dd, h2, h3, h4, h5');
    for (const el of candidates) {
      if (out.length >= MAX_BLOCKS) break;
      if (isOurs(el)) continue;
      // Leaf-ish: its own text, not only its children's.
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && clean(n.textContent).length > 2);
      if (!own) continue;
      const t = textOf(el);
      if (!t || t.length > 300 || seen.has(t) || !visible(el)) continue;
      seen.add(t);
      const font = el.closest('font[color]');
      const cs = getComputedStyle(el);
      out.push({
        text: t, tag: el.tagName.toLowerCase(), color: colour(el),
        font_color: font?.getAttribute('color') ?? '',
        role: el.closest('[role]')?.getAttribute('role') ?? '',
        class: `${el.getAttribute('class') ?? ''} ${el.parentElement?.getAttribute('class') ?? ''}`.trim().slice(0, 120),
        bold: Number(cs.fontWeight) >= 600, near_form: near(el),
      });
    }
    return out;
  }

  /**
   * Where the page's visible texts and controls are (page coordinates), merged by line.
   * @returns {Layout}
   */
  function layout() {
    /** @type {Rect[]} */
    const rects = [];
    const add = (/** @type {DOMRect} */ r) => {
      if (r.width < 1 || r.height < 1) return;
      rects.push(pageRect(r));
    };
    const range = document.createRange();
    let count = 0;
    // The document's texts, and those its web components draw in their shadow roots.
    for (const root of [document.body ?? document.documentElement, ...shadowRoots]) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n && count < 1500; n = walker.nextNode()) {
        if (!clean(n.textContent)) continue;
        const parent = n.parentElement;
        if (!parent || isOurs(parent) || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(parent.tagName)) continue;
        count++;
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) add(r);
      }
    }
    for (const el of all('input:not([type=hidden]), select, textarea, button, img, iframe:not([data-passwright]), [role=button]')) {
      if (isOurs(el) || !visible(el)) continue;
      add(el.getBoundingClientRect());
    }
    // Merge boxes on the same line that touch, so that the list stays short.
    rects.sort((a, b) => a.y - b.y || a.x - b.x);
    /** @type {{x: number, y: number, w: number, h: number}[]} */
    const merged = [];
    for (const r of rects) {
      const last = merged[merged.length - 1];
      if (last && Math.abs(last.y - r.y) < 4 && r.x <= last.x + last.w + 16 && Math.abs(last.h - r.h) < 12) {
        const right = Math.max(last.x + last.w, r.x + r.w);
        last.h = Math.max(last.y + last.h, r.y + r.h) - last.y;
        last.w = right - last.x;
      } else {
        merged.push({ ...r });
      }
    }
    const doc = document.documentElement;
    return {
      viewport: [doc.clientWidth, doc.clientHeight],
      scroll: [Math.round(scrollX), Math.round(scrollY)],
      document: [Math.max(doc.scrollWidth, doc.clientWidth), Math.max(doc.scrollHeight, doc.clientHeight)],
      occupied: merged.slice(0, 400),
    };
  }

  /**
   * The page, described. A light snapshot (the first on each page) leaves out
   * what costs most on long pages: the links' labels and groups, the
   * label/value pairs, the presentation blocks, the layout and the page's
   * text. The core asks for the full one when the light one can be a portal page.
   * @returns {Snapshot}
   */
  function snapshot(light = false) {
    if (byId.size > MAX_ITEMS * 8) prune();
    // A description looks for them afresh (a component may have upgraded
    // without changing the document); the change watch only when elements came or went.
    rootsDirty = true;
    findShadowRoots();
    const headings = [];
    for (const h of all('h1, h2, h3, h4, [role=heading]')) {
      if (headings.length >= 40 || isOurs(h) || !visible(h)) continue;
      const t = textOf(h);
      if (!t) continue;
      /** @type {any} */
      const heading = { id: register(h), level: Number(h.tagName[1]) || Number(h.getAttribute('aria-level')) || 2, text: t };
      if (!light) {
        // Beside the heading's text, not its full-width box.
        const range = document.createRange();
        range.selectNodeContents(h);
        heading.rect = pageRect(range.getBoundingClientRect());
      }
      headings.push(heading);
    }
    /** @type {Link[]} */
    const links = [];
    for (const a of all('a[href], [role=link], [role=tab], [role=menuitem]')) {
      if (links.length >= MAX_ITEMS || isOurs(a) || !visible(a)) continue;
      // A card link (a title over a description) is named by its title.
      const lines = String(/** @type {any} */ (a).innerText ?? '').split('\n').map(clean).filter(Boolean);
      const t = (lines.length > 1 && lines[0].length <= 60 ? lines[0] : textOf(a))
        || clean(a.getAttribute('aria-label') || a.getAttribute('title'));
      if (!t) continue;
      const href = /** @type {any} */ (a).href ?? '';
      const link = { id: register(a), text: t, href: typeof href === 'string' ? href : '', target: a.getAttribute('target') ?? '', selected: a.getAttribute('aria-selected') === 'true' };
      if (light) {
        links.push(/** @type {Link} */ (link)); // the core defaults the group and label
        continue;
      }
      const context = labelOf(a, true).label;
      links.push({ ...link, group: groupOf(a), label: context === t ? '' : context });
    }
    const fields = [];
    for (const el of all('input, select, textarea')) {
      if (fields.length >= MAX_ITEMS || isOurs(el)) continue;
      let type = el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : el.tagName.toLowerCase();
      // A password field stays one when a "show password" toggle makes it text:
      // its value never enters a snapshot.
      if (isSecret(el) && type === 'text') type = 'password';
      if (['submit', 'button', 'reset', 'image'].includes(type)) continue;
      const shown = visible(el);
      if (!shown && type !== 'hidden') continue;
      const { label, source } = type === 'hidden' ? { label: '', source: 'none' } : labelOf(el);
      /** @type {any} */
      const field = {
        id: register(el), type, name: el.name ?? '', label, label_source: source, group: groupOf(el),
        form: formIndex(el), disabled: !!el.disabled, readonly: !!el.readOnly, required: !!el.required,
        autocomplete: el.getAttribute('autocomplete') ?? '',
        max_length: el.maxLength > 0 ? el.maxLength : null,
        min_length: el.minLength > 0 ? el.minLength : null,
        pattern: el.getAttribute('pattern') ?? '', inputmode: el.getAttribute('inputmode') ?? '',
      };
      if (type === 'password') {
        field.value_length = inputValue.get?.call(el).length; // never the value itself
      } else if (type === 'radio' || type === 'checkbox') {
        field.checked = checkedProp.get?.call(el);
      } else if (type !== 'hidden') {
        field.value = servedValue(el);
      }
      if (type === 'select') field.options = [...el.options].slice(0, 40).map((/** @type {any} */ o) => clean(o.text).slice(0, 80));
      if (!light && shown) field.rect = pageRect(el.getBoundingClientRect());
      fields.push(field);
    }
    const buttons = [];
    for (const b of all('button, input[type=submit], input[type=button], input[type=reset], input[type=image], [role=button]')) {
      if (buttons.length >= MAX_ITEMS || isOurs(b) || !visible(b)) continue;
      const t = clean(b.tagName === 'INPUT' ? (b.value || b.alt) : textOf(b)) || clean(b.getAttribute('aria-label') || b.title);
      const type = (b.getAttribute('type') || (b.tagName === 'BUTTON' ? 'submit' : 'button')).toLowerCase();
      buttons.push({ id: register(b), text: t, type, form: formIndex(b), disabled: !!b.disabled });
    }
    const messages = [];
    const seen = new Set();
    for (const m of all('[role=alert], [role=status], [aria-live], .error, .errors, .alert, .message, .messages, .notice, .success, .warning, .info, .feedback, [class*=error], [class*=alert], [class*=message], [class*=notice], [class*=success], [id*=error], [id*=message], [class*=msg], [class*=flash], [class*=toast], [class*=notif], .bad, .good, .ok')) {
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
    for (const row of light ? [] : all('tr')) {
      if (pairs.length >= MAX_ITEMS || isOurs(row)) continue;
      const cells = [...row.children].filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
      if (cells.length < 2) continue;
      const label = textOf(cells[0]);
      if (!label || label.length > 60) continue;
      const control = cells[1].querySelector('input:not([type=password]):not([type=hidden]), select');
      const value = control ? servedValue(control) : textOf(cells[1]);
      if (value != null) pairs.push({ label, value: clean(value).slice(0, 200) });
    }
    for (const dt of light ? [] : all('dt')) {
      const dd = dt.nextElementSibling;
      if (dd?.tagName === 'DD') pairs.push({ label: textOf(dt), value: textOf(dd) });
    }
    // Key/value layouts: a short leaf text followed by a leaf value ("User ID" "jsmith@…").
    for (const el of light ? [] : all('label, span, strong, b, div, p, dt, th')) {
      if (pairs.length >= MAX_ITEMS || isOurs(el) || el.children.length > 0) continue;
      const label = textOf(el);
      if (!label || label.length > 60) continue;
      const next = el.nextElementSibling;
      if (!next || next.children.length > 1 || next.querySelector('input, select, textarea')) continue;
      const value = textOf(next);
      if (value && value.length <= 200) pairs.push({ label, value });
    }
    // Results lists (a users list): each row's cells, their column headers
    // and links; HTML tables and ARIA grids (div-built lists) alike.
    const rows = [];
    const listed = new Set(links.map((k) => k.id));
    const CELL = 'td, th, [role=cell], [role=gridcell], [role=rowheader], [role=columnheader]';
    const cellsOf = (/** @type {Element} */ row) => [...row.children].filter((c) => c.matches(CELL));
    /** The column headers of a row's table or grid: its head row, else a first row of header cells. */
    const headCache = new Map();
    const headersOf = (/** @type {Element} */ row) => {
      const table = row.closest('table, [role=grid], [role=table], [role=treegrid]');
      if (!table) return [];
      if (!headCache.has(table)) {
        const head = headRowOf(table);
        headCache.set(table, { head, texts: head ? cellsOf(head).slice(0, 12).map((c) => textOf(c).slice(0, 60)) : [] });
      }
      const { head, texts } = headCache.get(table);
      return head === row ? [] : texts;
    };
    const headRowOf = (/** @type {Element} */ table) => {
      const heads = (/** @type {Element} */ r) => { const c = cellsOf(r); return c.length > 0 && c.every((x) => x.tagName === 'TH' || x.getAttribute('role') === 'columnheader'); };
      // Else a first row of short texts with no link or control ("User ID",
      // "Last Name"... in plain cells), followed by rows with links.
      const plain = (/** @type {Element} */ r) => {
        const c = cellsOf(r);
        return c.length > 1 && !r.querySelector('a[href], input, select, button')
          && c.every((x) => { const t = textOf(x); return t.length > 0 && t.length <= 40; })
          && !!r.nextElementSibling?.querySelector('a[href]');
      };
      const rows = [...table.querySelectorAll('tr, [role=row]')].slice(0, 50);
      return table.querySelector('thead tr') ?? rows.find(heads) ?? rows.find(plain);
    };
    for (const row of light ? [] : all('tr, [role=row]')) {
      if (rows.length >= 300 || isOurs(row) || !visible(row)) continue;
      const cells = cellsOf(row);
      if (cells.length < 2) continue;
      const rowLinks = [...row.querySelectorAll('a[href], [role=link]')].map((a) => idOf.get(a)).filter((id) => id !== undefined && listed.has(id)).slice(0, 6);
      if (!rowLinks.length) continue;
      rows.push({ id: register(row), cells: cells.slice(0, 12).map((c) => textOf(c).slice(0, 120)), headers: headersOf(row), links: /** @type {number[]} */ (rowLinks) });
    }
    // Attributes, not properties: a field named "action" would shadow form.action.
    const forms = allForms().map((f, index) => ({
      index,
      method: String(f.getAttribute('method') || 'get').toLowerCase(),
      action: new URL(f.getAttribute('action') ?? '', location.href).href,
    }));
    return {
      url: location.href,
      title: clean(document.title),
      lang: document.documentElement.lang || '',
      referrer: document.referrer || '',
      view, top,
      headings, links, fields, buttons, messages, pairs, forms, rows,
      blocks: light ? [] : blocks(),
      text: light ? '' : clean(/** @type {any} */ (document.body)?.innerText ?? '').slice(0, MAX_TEXT),
      layout: light ? null : layout(),
      light,
    };
  }

  // ------------------------------------------------------------ our frames

  /**
   * The panel and launcher frames, each in a host element shown in the top
   * layer (a manual popover): nothing the page draws later in the document
   * can be painted over them, and what it puts in the top layer after them
   * is seen by the guard.
   * @type {Record<string, {host: HTMLElement, frame: HTMLIFrameElement, src: string, loads: number, placed: any} | null>}
   */
  const frames = { panel: null, launcher: null };

  function place(/** @type {string} */ mode, /** @type {any} */ p) {
    const f = frames[mode];
    if (!f) return;
    f.placed = p;
    f.host.style.cssText = 'position:absolute;inset:auto;margin:0;padding:0;border:0;background:transparent;overflow:visible;' +
      `left:${p.left}px;top:${p.top}px;width:${p.width}px;height:${p.height}px;z-index:2147483647;`;
    f.frame.style.height = `${p.height}px`;
  }

  function inject(/** @type {string} */ mode, /** @type {string} */ src, /** @type {any} */ p) {
    let f = frames[mode];
    if (f && (!f.host.isConnected || f.frame.getAttribute('src') !== src || f.frame.parentNode !== f.host)) {
      remove(mode);
      f = null;
    }
    if (!f) {
      const host = document.createElement('div');
      host.setAttribute('data-passwright', mode);
      const frame = document.createElement('iframe');
      // The product's name, the same in every language (the agent knows none).
      frame.setAttribute('title', 'Passwright');
      // Any origin, not the default (the src's): Chrome's dynamic resource URL
      // is not the origin the panel's document gets, so 'src' would block Copy.
      // Delegating to a frame the page could navigate gives the page nothing
      // it lacks: it can write its own clipboard.
      frame.setAttribute('allow', 'clipboard-write *');
      frame.style.cssText = 'display:block;border:0;border-radius:10px;width:100%;' +
        'box-shadow:0 4px 18px rgba(0,0,0,.25);background:#fff;color-scheme:light;';
      const entry = { host, frame, src, loads: 0, placed: p };
      // Ours loads once; a second load means the page navigated our frame.
      frame.addEventListener('load', () => {
        entry.loads++;
        if (entry.loads > 1) {
          remove(mode);
          changed(true);
        }
      });
      frame.src = src;
      host.appendChild(frame);
      (document.body ?? document.documentElement).appendChild(host);
      try {
        host.popover = 'manual';
        host.showPopover();
      } catch {
        // No popover API: the host stays in the document at the highest z-index.
      }
      frames[mode] = entry;
      watchFrames();
    }
    place(mode, p);
  }

  function remove(/** @type {string} */ mode) {
    frames[mode]?.host.remove();
    frames[mode] = null;
  }

  /** The page changing our frames: its src, its place, its host. Taken out. */
  let frameObserver = /** @type {MutationObserver | null} */ (null);
  function watchFrames() {
    frameObserver?.disconnect();
    frameObserver = new MutationObserver((mutations) => {
      // Our own: the settled hint, the guard's hit-test style.
      const own = (/** @type {MutationRecord} */ m) => (m.attributeName?.startsWith('data-') && m.target instanceof Element && m.target.hasAttribute('data-passwright'))
        || (m.type === 'childList' && [...m.addedNodes, ...m.removedNodes].every((n) => n instanceof Element && n.hasAttribute('data-passwright')));
      if (mutations.every(own)) return;
      guardDirty();
      for (const mode of ['panel', 'launcher']) {
        const f = frames[mode];
        if (f && (f.frame.getAttribute('src') !== f.src || f.frame.parentNode !== f.host || !f.host.isConnected)) {
          remove(mode);
          changed(true);
        }
      }
    });
    // The attributes that can change what is shown (a style, a class, a
    // hidden or inert flag, the frame's address): the periodic look catches
    // the rest; this only notices sooner.
    const attributeFilter = ['style', 'class', 'src', 'hidden', 'inert', 'popover', 'open'];
    for (const f of Object.values(frames)) {
      if (!f) continue;
      frameObserver.observe(f.host, { attributes: true, attributeFilter, childList: true, subtree: true });
    }
    frameObserver.observe(document.documentElement, { attributes: true, attributeFilter, childList: true });
    if (document.body) frameObserver.observe(document.body, { attributes: true, attributeFilter, childList: true });
  }

  // ------------------------------------------------------------ the guard

  /**
   * Forces hit-testing of every layer (a `pointer-events: none` overlay
   * still paints over the panel) while the guard looks.
   */
  let hitAll = /** @type {CSSStyleSheet | null} */ (null);
  function withEveryLayerHit(/** @type {() => any} */ f) {
    /** @type {HTMLStyleElement | null} */
    let style = null;
    try {
      hitAll ??= new CSSStyleSheet();
      hitAll.replaceSync('*, *::before, *::after { pointer-events: auto !important; }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, hitAll];
    } catch {
      hitAll = null;
      style = document.createElement('style');
      style.setAttribute('data-passwright', 'hit');
      style.textContent = '*, *::before, *::after { pointer-events: auto !important; }';
      document.documentElement.appendChild(style);
    }
    try {
      return f();
    } finally {
      if (hitAll) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== hitAll);
      style?.remove();
    }
  }

  /** The composed-tree parent (across shadow roots). */
  const parentOf = (/** @type {Element} */ el) =>
    el.parentElement ?? /** @type {any} */ (el.getRootNode()).host ?? null;

  /** The gap (px) between the points hit-tested for covers when a click is judged. */
  const GRID_STEP = 8;

  const IDENTITY = /^(none|matrix\(1, 0, 0, 1, [-\d.e]+, [-\d.e]+\))$/;

  /** What the agent sees of the panel now: the facts the core judges
   * (`detail`: also which covers let clicks through, for the message). */
  function look(detail = false) {
    const f = frames.panel;
    if (!f || !f.host.isConnected) return null;
    const effects = new Set();
    let opacity = 1;
    for (let el = /** @type {Element | null} */ (f.frame); el; el = parentOf(el)) {
      const cs = getComputedStyle(el);
      opacity *= Number(cs.opacity);
      if (cs.filter !== 'none' || (cs.backdropFilter && cs.backdropFilter !== 'none')) effects.add('filter');
      if (!IDENTITY.test(cs.transform) || (cs.scale && cs.scale !== 'none') || (cs.rotate && cs.rotate !== 'none')) effects.add('transform');
      if (cs.clipPath !== 'none' || (cs.clip && cs.clip !== 'auto')) effects.add('clip');
      if ((cs.mask && cs.mask !== 'none') || (cs.maskImage && cs.maskImage !== 'none')) effects.add('mask');
      if (cs.mixBlendMode !== 'normal') effects.add('blend');
      if (cs.visibility !== 'visible' || cs.display === 'none' || cs.contentVisibility === 'hidden') effects.add('hidden');
    }
    const r = f.frame.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const ix = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
    const iy = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
    const inView = r.width * r.height > 0 ? (ix * iy) / (r.width * r.height) : 0;
    const fullSize = Math.abs(r.width - f.placed.width) < 2 && Math.abs(r.height - f.placed.height) < 2;
    // What paints over the frame, at points across it, every layer hit: a
    // 3-by-3 sample while watching, a grid GRID_STEP apart when a click is
    // judged (a decoy over one button fits between 9 points). The core
    // decides whether the grid was dense enough (`sample_step`).
    /** @type {Cover[]} */
    const covers = [];
    /** @type {[number, number][]} */
    const points = [];
    let step = 0;
    if (detail) {
      step = GRID_STEP;
      const x0 = Math.max(r.left, 0);
      const y0 = Math.max(r.top, 0);
      const x1 = Math.min(r.right, vw);
      const y1 = Math.min(r.bottom, vh);
      for (let y = y0 + step / 2; y < y1; y += step) for (let x = x0 + step / 2; x < x1; x += step) points.push([x, y]);
    } else {
      for (const fx of [0.1, 0.5, 0.9]) for (const fy of [0.1, 0.5, 0.9]) points.push([r.left + r.width * fx, r.top + r.height * fy]);
      step = Math.max(r.width, r.height) * 0.4;
    }
    /** Where something covers the frame, and what. */
    /** @type {[number, number][]} */
    const coveredAt = [];
    const seen = new Set();
    withEveryLayerHit(() => {
      for (const [x, y] of points) {
        if (x < 0 || y < 0 || x >= vw || y >= vh) continue;
        const stack = document.elementsFromPoint(x, y);
        const at = stack.indexOf(f.frame);
        const over = at < 0 ? stack.slice(0, 1) : stack.slice(0, at);
        let covered = false;
        for (const el of over) {
          if (el === f.host || f.host.contains(el)) continue;
          covered = true;
          if (seen.has(el)) continue;
          seen.add(el);
          covers.push({
            tag: el.tagName.toLowerCase(),
            click_through: false,
            top_layer: el.matches(':popover-open, :modal, :fullscreen'),
          });
        }
        if (covered) coveredAt.push([x, y]);
      }
    });
    // Which of those let clicks through (looked at without the forced hit).
    if (detail) for (const c of covers) c.click_through = true;
    for (const [x, y] of detail ? coveredAt.slice(0, 64) : []) {
      const first = document.elementFromPoint(x, y);
      if (first && first !== f.frame && !f.host.contains(first)) {
        const c = covers.find((c) => c.tag === first.tagName.toLowerCase());
        if (c) c.click_through = false;
      }
    }
    const ours = f.frame.getAttribute('src') === f.src && f.loads <= 1;
    const attached = f.frame.parentNode === f.host && (f.host.parentNode === document.body || f.host.parentNode === document.documentElement);
    return {
      present: true, ours, attached, opacity, effects: [...effects], covers: covers.slice(0, 8), sample_step: step,
      in_view: inView, full_size: fullSize, key: '',
    };
  }

  /** Since when the panel has looked the same and clean. */
  let stableSince = performance.now();
  let lastLook = '';
  /** @type {number | undefined} */
  let guardTimer;
  function sample() {
    const l = look();
    const key = l ? JSON.stringify([l.ours, l.attached, l.opacity.toFixed(3), l.effects, l.covers.length, l.in_view.toFixed(3), l.full_size, frames.panel?.frame.getBoundingClientRect().toJSON()]) : 'none';
    if (key !== lastLook) {
      lastLook = key;
      stableSince = performance.now();
    }
    // For people and tests: the panel has been still long enough to be seen.
    // (A hint only: the core judges every click on the guard's report.)
    const host = frames.panel?.host;
    const settled = performance.now() - stableSince >= 600;
    if (host && host.hasAttribute('data-settled') !== settled) host.toggleAttribute('data-settled', settled);
    return l;
  }
  function guardDirty() {
    lastLook = 'dirty';
    stableSince = performance.now();
  }
  function sampling() {
    clearInterval(guardTimer);
    guardTimer = setInterval(() => {
      if (!frames.panel) {
        clearInterval(guardTimer);
        guardTimer = undefined;
        return;
      }
      if (document.visibilityState === 'visible') sample();
    }, 150);
  }
  addEventListener('scroll', () => guardDirty(), { passive: true, capture: true });
  addEventListener('resize', () => {
    guardDirty();
    changed(true);
  });
  // A popover or dialog opening in the page (captured: toggle does not bubble).
  document.addEventListener('toggle', () => guardDirty(), true);

  /** @returns {GuardReport} */
  function guard() {
    sample();
    const l = look(true);
    if (!l) return { present: false, ours: false, attached: false, opacity: 0, effects: [], covers: [], sample_step: 0, in_view: 0, full_size: false, stable_ms: 0 };
    const { key: _, ...report } = l;
    return { ...report, stable_ms: Math.round(performance.now() - stableSince) };
  }

  // ------------------------------------------------------------ actions

  function resolve(/** @type {number} */ id) {
    const entry = byId.get(id);
    if (!entry) throw new Error('replaced'); // pruned: it left the page
    const el = entry.ref.deref();
    if (!el || !el.isConnected || signature(el) !== entry.signature) throw new Error('replaced');
    return /** @type {any} */ (el);
  }

  function fire(/** @type {Element} */ el, /** @type {string} */ type, init = {}) {
    const Ctor = type === 'input' ? InputEvent : (type === 'focus' || type === 'blur') ? FocusEvent : Event;
    el.dispatchEvent(new Ctor(type, { bubbles: type !== 'focus' && type !== 'blur', cancelable: false, ...init }));
  }

  /** Typed agent errors (the core's AgentError). */
  class Refused extends Error {
    constructor(/** @type {AgentError} */ error) {
      super(typeof error === 'string' ? error : 'invalid');
      this.error = error;
    }
  }

  function fill(/** @type {number} */ id, /** @type {string} */ value) {
    const el = resolve(id);
    // Whatever its type (a password shown in clear), what we type into it is a secret.
    secretFields.add(el);
    // Where the admin's keyboard focus is (the panel's frame, when the reset
    // was started from the keyboard): it goes back there once the field is
    // filled, never left in the portal's password field nor on its body.
    const prior = /** @type {HTMLElement | null} */ (document.activeElement);
    el.focus({ preventScroll: true });
    fire(el, 'focus');
    inputValue.set?.call(el, value);
    fire(el, 'input', { inputType: 'insertReplacementText' });
    fire(el, 'change');
    el.blur();
    fire(el, 'blur');
    if (prior && prior !== el && prior !== document.body && prior.isConnected) prior.focus({ preventScroll: true });
    // Read back: a page that rewrites or swaps the field is caught here.
    if (!el.isConnected || inputValue.get?.call(el) !== value) throw new Refused('read_back');
    // The field's own constraints (a script-set value is never "too long" to the
    // browser, so the length is checked here).
    const v = el.validity;
    const tooLong = el.maxLength > 0 && value.length > el.maxLength;
    const tooShort = el.minLength > 0 && value.length < el.minLength;
    if (tooLong || tooShort || v?.patternMismatch || v?.typeMismatch) {
      inputValue.set?.call(el, '');
      throw new Refused({ invalid: { validity: { too_long: tooLong, too_short: tooShort, pattern_mismatch: !!v?.patternMismatch, type_mismatch: !!v?.typeMismatch } } });
    }
  }

  function choose(/** @type {number} */ id) {
    const el = resolve(id);
    if (!checkedProp.get?.call(el)) {
      el.click();
      if (!checkedProp.get?.call(el)) {
        checkedProp.set?.call(el, true);
        fire(el, 'input');
        fire(el, 'change');
      }
    }
    if (!checkedProp.get?.call(el)) throw new Refused('not_checked');
  }

  /** @type {{el: any, send: () => void} | null} */
  let watched = null;
  /** @type {number | undefined} */
  let watchTimer;
  function watch(/** @type {number} */ id) {
    const el = resolve(id);
    if (watched?.el === el) return;
    unwatch();
    const send = () => {
      clearTimeout(watchTimer);
      watchTimer = setTimeout(() => {
        if (el.isConnected) api.runtime.sendMessage(/** @satisfies {FromAgent} */ ({ field: { page_id: pageId, value: inputValue.get?.call(el) ?? '' } })).catch(() => {});
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

  // Bulk resets: a checkbox at the start of each listed user's row. Only the
  // admin's own (trusted) ticks count; the selection goes to the background.
  /** @type {Map<string, {box: HTMLInputElement, host: HTMLElement, row: Element}>} */
  const marks = new Map();
  /** Beside the row, in page coordinates: the table's layout is not touched. */
  function placeMark(/** @type {{box: HTMLInputElement, host: HTMLElement, row: Element}} */ m) {
    const r = m.row.getBoundingClientRect();
    const left = r.left >= 26 ? r.left - 24 : r.left + 2; // outside the table when there is room
    m.host.style.cssText = 'position:absolute;margin:0;padding:0;border:0;z-index:2147483646;' +
      `left:${Math.round(left + scrollX)}px;top:${Math.round(r.top + scrollY + (r.height - 18) / 2)}px;width:18px;height:18px;`;
  }
  let marksResize = false;
  /** The admin's ticks and unticks on this page load (see `markUsers`). */
  let ticks = 0;
  /**
   * The checkboxes the core asks for. `ticksSeen`: the admin's last tick the
   * rows' ticked states take into account. A box the admin ticked after it
   * keeps what the admin made it: those rows were decided before that tick
   * reached the core, and would undo it.
   */
  function markUsers(/** @type {UserRow[]} */ rows, /** @type {number} */ ticksSeen) {
    const wanted = new Set(rows.map((r) => r.user));
    for (const [user, m] of marks) {
      if (!wanted.has(user) || !m.host.isConnected || !m.row.isConnected) {
        m.host.remove();
        marks.delete(user);
      }
    }
    for (const r of rows) {
      let m = marks.get(r.user);
      const fresh = !m;
      if (!m) {
        const row = resolve(r.anchor);
        const host = document.createElement('span');
        host.setAttribute('data-passwright', 'select');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.setAttribute('data-user', r.user);
        box.style.cssText = 'display:block;width:18px;height:18px;margin:0;accent-color:#0b5cad;cursor:pointer;';
        box.addEventListener('change', (e) => {
          if (!e.isTrusted) return; // a page's script ticks nothing
          const users = [...marks].filter(([, x]) => checkedProp.get?.call(x.box)).map(([u]) => u);
          ticks++;
          api.runtime.sendMessage(/** @satisfies {FromAgent} */ ({ selection: { page_id: pageId, users, tick: ticks } })).catch(() => {});
        });
        host.appendChild(box);
        (document.body ?? document.documentElement).appendChild(host);
        m = { box, host, row };
        marks.set(r.user, m);
      }
      placeMark(m);
      m.box.setAttribute('aria-label', r.label);
      m.box.title = r.label;
      if (fresh || ticksSeen >= ticks) checkedProp.set?.call(m.box, !!r.checked);
    }
    if (!marksResize) {
      marksResize = true;
      addEventListener('resize', () => { for (const m of marks.values()) placeMark(m); });
    }
  }

  function selectOption(/** @type {number} */ id, /** @type {string} */ text) {
    const el = resolve(id);
    const option = [...el.options].find((/** @type {any} */ o) => clean(o.text) === text);
    if (!option) throw new Refused('not_checked');
    el.value = option.value;
    fire(el, 'input');
    fire(el, 'change');
  }

  // Teach mode: the admin points at the page's elements.
  /** @type {{target: string, box: HTMLElement, move: (e: PointerEvent) => void, click: (e: MouseEvent) => void} | null} */
  let teaching = null;
  const PICKABLE = 'input:not([type=hidden]), select, textarea, button, a[href], [role=button]';
  function teach(/** @type {PickTarget} */ target) {
    stopTeaching();
    const box = document.createElement('div');
    box.setAttribute('data-passwright', 'highlight');
    box.style.cssText = 'position:absolute;pointer-events:none;border:3px solid #ffb000;border-radius:4px;box-shadow:0 0 0 9999px rgba(0,0,0,.08);z-index:2147483646;display:none;';
    (document.body ?? document.documentElement).appendChild(box);
    const pickable = (/** @type {EventTarget | null} */ t) => (t instanceof Element ? t.closest(PICKABLE) : null);
    const move = (/** @type {PointerEvent} */ e) => {
      const el = pickable(e.target);
      if (!el || isOurs(el)) {
        box.style.display = 'none';
        return;
      }
      const r = pageRect(el.getBoundingClientRect());
      box.style.cssText += `display:block;left:${r.x - 4}px;top:${r.y - 4}px;width:${r.w + 8}px;height:${r.h + 8}px;`;
    };
    const click = (/** @type {MouseEvent} */ e) => {
      const el = pickable(e.target);
      if (!e.isTrusted || !el || isOurs(el)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      const snap = snapshot();
      const element = register(el);
      api.runtime.sendMessage(/** @satisfies {FromAgent} */ ({ picked: { page_id: pageId, pick: { target, element, snapshot: snap } } })).catch(() => {});
    };
    addEventListener('pointermove', move, true);
    addEventListener('click', click, true);
    teaching = { target, box, move, click };
  }
  function stopTeaching() {
    if (!teaching) return;
    removeEventListener('pointermove', teaching.move, true);
    removeEventListener('click', teaching.click, true);
    teaching.box.remove();
    teaching = null;
  }

  /**
   * The action's kind and its arguments: `{fill: {id, value}}` or `"guard"`.
   * @param {Action} a
   * @returns {[Op, any]}
   */
  function unpack(a) {
    if (typeof a === 'string') return [a, {}];
    const [[op, args]] = Object.entries(a);
    return [/** @type {Op} */ (op), args ?? {}];
  }

  /** Runs a batch in order; stops at the first failure. */
  function perform(/** @type {Action[]} */ actions) {
    /** @type {ActionResult[]} */
    const results = [];
    for (const a of actions ?? []) {
      const [op, x] = unpack(a);
      try {
        /** @type {any} */
        let guardReport;
        switch (op) {
          case 'fill': fill(x.id, x.value); break;
          case 'type_text': if (isSecret(resolve(x.id))) throw new Refused({ other: { message: 'a password field' } }); fill(x.id, x.text); break;
          case 'choose': choose(x.id); break;
          case 'click': resolve(x.id).click(); break;
          case 'follow': resolve(x.id).click(); break;
          case 'navigate': {
            const url = new URL(x.url, location.href);
            if (url.origin !== location.origin) throw new Refused('cross_origin');
            location.assign(url.href);
            break;
          }
          case 'inject':
            inject(x.frame, x.src, x.place);
            if (x.frame === 'panel') sampling();
            break;
          case 'remove': remove(x.frame); break;
          case 'watch': watch(x.id); break;
          case 'guard': guardReport = guard(); break;
          case 'teach': teach(x.target); break;
          case 'stop_teaching': stopTeaching(); break;
          case 'mark_users': markUsers(x.rows ?? [], x.ticks_seen ?? 0); break;
          case 'select_option': selectOption(x.id, x.text); break;
          default: throw new Refused({ other: { message: `unknown action ${op}` } });
        }
        results.push(guardReport ? { op, error: null, guard: guardReport } : { op, error: null });
      } catch (e) {
        const error = e instanceof Refused ? e.error : /** @type {any} */ (e)?.message === 'replaced' ? 'replaced' : { other: { message: String(/** @type {any} */ (e)?.message ?? e) } };
        results.push({ op, error });
        break;
      }
    }
    return results;
  }

  /** Sends, retrying while the background is not there yet (a browser start, an install, an update). */
  async function send(/** @type {FromAgent} */ message) {
    for (let wait = 100; ; wait *= 2) {
      try {
        return await api.runtime.sendMessage(message);
      } catch (e) {
        if (wait > 6400 || !/receiving end|could not establish|no such|message manager/i.test(String(/** @type {any} */ (e)?.message ?? e))) throw e;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** @returns {Action[]} */
  function doActions(/** @type {any} */ reply) {
    return reply?.perform?.page_id === pageId ? reply.perform.actions ?? [] : [];
  }

  let reporting = false;
  let again = false;
  async function report(/** @type {Reason} */ reason, light = false) {
    if (reporting) {
      again = true;
      return;
    }
    reporting = true;
    // The structure described: a change while the answer is awaited (a
    // single-page portal rendering) is described again, not taken as seen.
    let described = structure();
    try {
      let reply = await send({ page: { page_id: pageId, reason, snapshot: snapshot(light) } });
      if (reply?.describe_fully) {
        // Only frames: the panel loads while the page is described in full.
        // They are provisional: the full answer injects again what stays.
        const provisional = reply.describe_fully.provisional ?? [];
        perform(provisional);
        // Placed without the page's layout (the light snapshot has none), a
        // provisional frame could lie over the portal's content: it loads
        // unseen until the full answer places it (place() shows it again).
        for (const a of provisional) {
          const [op, x] = unpack(a);
          if (op === 'inject') frames[x.frame]?.host.style.setProperty('visibility', 'hidden');
        }
        described = structure();
        reply = await send({ page: { page_id: pageId, reason, snapshot: snapshot() } });
        const kept = new Set(doActions(reply).map(unpack).filter(([op]) => op === 'inject').map(([, x]) => x.frame));
        for (const a of provisional) {
          const [, x] = unpack(a);
          if (!kept.has(x.frame)) remove(x.frame);
        }
      }
      const actions = doActions(reply);
      if (actions.length) {
        const results = perform(actions);
        await send({ results: { page_id: pageId, results, snapshot: snapshot() } });
      }
      // The background answered this page and what it asked is done: for
      // people and tests, "the extension has looked at this page" (nothing
      // it shows, or nothing at all, is then its answer, not a delay).
      document.documentElement.setAttribute('data-passwright-answered', String(view));
    } catch {
      // The background is gone for now; it asks again when it is back.
    } finally {
      reporting = false;
      // What was described, with our own frames as they are now (the last
      // part counts their presence, no change of the page): a change made
      // while the answer was awaited is then seen by the next mutation's check.
      const parts = described.split('|');
      parts[parts.length - 1] = structure().split('|').pop() ?? '';
      lastSignature = parts.join('|');
      if (again) {
        again = false;
        view++;
        report('changed');
      }
    }
  }

  // ------------------------------------------------------------ pages that change

  /** What matters of the page's structure: forms, fields, buttons, messages, the URL. */
  function structure() {
    findShadowRoots();
    const q = (/** @type {string} */ s) => all(s).length;
    let messages = 0;
    for (const m of all('[role=alert], [role=status], [aria-live], [class*=error], [class*=message], font[color]')) {
      messages += (m.textContent ?? '').length;
    }
    const busy = !!frames.panel || !!frames.launcher;
    // Visible password fields too: a dialog that opens shows fields that were there all along.
    // Which ones: tabs swap one shown pair for another.
    const shownSecrets = all('input[type=password]').filter(visible).map((i) => idOf.get(i) ?? '?').join(',');
    return [location.href, q('form'), q('input'), q('input[type=password]'), shownSecrets, q('button'), q('select'), q('a[href]'),
      q('h1, h2, h3'), messages, busy ? (document.body?.textContent ?? '').length : 0].join('|');
  }

  let lastSignature = '';
  /** @type {number | undefined} */
  let changeTimer;
  let changes = 0;
  let windowStart = performance.now();
  /** How long after a change the page is looked at; see `changed`. */
  const LOOK_AFTER_MS = 400;
  const LOOK_AFTER_MAX_MS = 1600;
  let lookAfter = LOOK_AFTER_MS;
  let lastPageLook = 0;
  /**
   * Debounced, bounded: at most one description per 400 ms, and few a
   * minute. A page that keeps changing without its structure changing (a
   * ticker, a live feed: the next change comes right after each look) is
   * looked at less and less often, down to every 1.6 s; a pause in its
   * changes, or a look that found something, brings back 400 ms.
   */
  function changed(soon = false) {
    if (changeTimer !== undefined) return;
    if (soon || performance.now() - lastPageLook > lookAfter + 100) lookAfter = LOOK_AFTER_MS;
    changeTimer = setTimeout(() => {
      changeTimer = undefined;
      const now = performance.now();
      lastPageLook = now;
      if (now - windowStart > 60000) {
        windowStart = now;
        changes = 0;
      }
      const sig = structure();
      const moved = layoutMoved;
      layoutMoved = false;
      if (sig === lastSignature && !moved) {
        lookAfter = Math.min(lookAfter * 2, LOOK_AFTER_MAX_MS);
        return;
      }
      lookAfter = LOOK_AFTER_MS;
      if (changes >= 60) return;
      const navigated = sig.split('|')[0] !== lastSignature.split('|')[0];
      lastSignature = sig;
      changes++;
      view++;
      report(navigated ? 'navigated' : 'changed');
    }, lookAfter);
  }
  const oursNode = (/** @type {Node} */ n) => n instanceof Element && (n.hasAttribute('data-passwright') || isOurs(n));
  const pageObserver = new MutationObserver((mutations) => {
    // Not looked into: reading a batch's records (their added and removed
    // nodes) costs more than the next look's walk for shadow roots, and on a
    // page that changes every frame, batches come 60 times a second.
    rootsDirty = true;
    // A look at the page is already due: it will see these changes too.
    if (changeTimer !== undefined) return;
    // Our own frames' churn is no change of the page.
    const theirs = mutations.some((m) => !oursNode(m.target)
      && (m.type !== 'childList' || ![...m.addedNodes, ...m.removedNodes].every(oursNode)));
    if (theirs) changed();
  });
  const pageChanges = { childList: true, subtree: true, attributes: true, attributeFilter: ['type', 'hidden', 'disabled', 'style', 'class', 'open', 'aria-hidden', 'aria-selected'] };
  pageObserver.observe(document.documentElement, pageChanges);
  // A web component's content changes inside its shadow root, out of the document's sight.
  watchRoot = (root) => pageObserver.observe(root, pageChanges);
  // The window resized, or the page's content grew or shrank (a script that
  // renders the view after load, late styles): where our frames may go has
  // changed, so the page is described again and the core places them again,
  // out of the way of what moved.
  let layoutMoved = false;
  const relayout = () => {
    if (!frames.panel && !frames.launcher) return;
    layoutMoved = true;
    changed(true);
  };
  addEventListener('resize', relayout);
  if (typeof ResizeObserver === 'function' && document.body) new ResizeObserver(relayout).observe(document.body);
  addEventListener('popstate', () => changed(true));
  addEventListener('hashchange', () => changed(true));

  // ------------------------------------------------------------ messages

  // Only the extension's own background may instruct the agent: not the page
  // (it cannot reach runtime messaging at all), not the panel, the popup, the
  // options page or any other frame.
  /** The extension's background (Chrome: its service worker; Firefox: its generated background page). */
  function fromBackground(/** @type {any} */ sender) {
    if (sender.id !== api.runtime.id || sender.tab) return false;
    try {
      const url = new URL(sender.url ?? '');
      return /^(chrome|moz)-extension:$/.test(url.protocol)
        && (url.pathname === '/background.js' || url.pathname === '/_generated_background_page.html');
    } catch {
      return false;
    }
  }

  api.runtime.onMessage.addListener((/** @type {any} */ message, /** @type {any} */ sender, /** @type {(r: any) => void} */ sendResponse) => {
    if (!fromBackground(sender)) return false;
    if (message?.perform) {
      // Decided on another page load of this frame: its ids mean other elements here.
      /** @type {ActionResult[]} */
      const results = message.perform.page_id !== pageId
        ? [{ op: unpack(message.perform.actions?.[0] ?? 'guard')[0], error: 'page_changed' }]
        : perform(message.perform.actions);
      sendResponse(/** @satisfies {FromAgent} */ ({ results: { page_id: pageId, results, snapshot: snapshot() } }));
    } else if (message?.describe_fully || message === 'describe') {
      report('asked');
    }
    return false;
  });

  lastSignature = structure();
  report('load', true);
})();
