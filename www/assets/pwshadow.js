// `web-components`: the Passwords form as a web component. The server sends
// <pw-form> holding a <template> of the form; the element moves the form
// into its own shadow root, as a reskin built on web components would:
// open, or closed with `data-mode="closed"` (`closed-components`: then no
// page script, and no `element.shadowRoot`, reaches the form).
// The form still posts like any other (forms in shadow roots submit).
customElements.define('pw-form', class extends HTMLElement {
  /** @type {ShadowRoot | null} */
  #root = null;
  connectedCallback() {
    if (this.#root) return;
    const template = this.querySelector('template');
    if (!template) return;
    this.#root = this.attachShadow({ mode: this.dataset.mode === 'closed' ? 'closed' : 'open' });
    for (const link of document.querySelectorAll('link[rel=stylesheet]')) this.#root.appendChild(link.cloneNode());
    this.#root.appendChild(template.content.cloneNode(true));
    template.remove();
  }
});
