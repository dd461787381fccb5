// `web-components`: the Passwords form as a web component. The server sends
// <pw-form> holding a <template> of the form; the element moves the form
// into its own open shadow root, as a reskin built on web components would.
// The form still posts like any other (forms in shadow roots submit).
customElements.define('pw-form', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const template = this.querySelector('template');
    if (!template) return;
    const root = this.attachShadow({ mode: 'open' });
    for (const link of document.querySelectorAll('link[rel=stylesheet]')) root.appendChild(link.cloneNode());
    root.appendChild(template.content.cloneNode(true));
    template.remove();
  }
});
