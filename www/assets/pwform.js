/*
 * Credentials form. The server describes the form in the page's
 * #credentials-app-config block; this builds it into #credentials-app once
 * the page has loaded (plus the delay the description asks for). The form
 * then posts like any other.
 */
(function () {
  'use strict';

  var seq = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (key === 'text') {
        node.textContent = value;
      } else {
        node.setAttribute(key, value === true ? '' : String(value));
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function build(root, spec) {
    var form = el('form', {
      method: 'post',
      action: spec.action,
      autocomplete: spec.autocomplete,
      'class': 'cred-form'
    });
    spec.hidden.forEach(function (h) {
      form.appendChild(el('input', { type: 'hidden', name: h.name, value: h.value }));
    });
    var choice = el('fieldset', { 'class': 'cred-choice' });
    spec.radios.forEach(function (r) {
      var radio = el('input', { type: 'radio', name: spec.radio_name, value: r.value, checked: r.checked });
      radio.checked = r.checked;
      choice.appendChild(el('label', { 'class': 'cred-radio' }, [radio, ' ' + r.label]));
    });
    form.appendChild(choice);
    spec.inputs.forEach(function (f) {
      seq += 1;
      var id = 'cred-' + seq;
      var input = el('input', {
        type: f.type,
        id: id,
        name: f.name,
        autocomplete: f.autocomplete,
        maxlength: f.maxlength,
        minlength: f.minlength,
        pattern: f.pattern,
        inputmode: f.inputmode
      });
      form.appendChild(el('div', { 'class': 'cred-row' }, [el('label', { 'for': id, text: f.label }), input]));
    });
    var actions = el('div', { 'class': 'cred-actions' });
    spec.buttons.forEach(function (b) {
      if (b.href) {
        actions.appendChild(el('a', { href: b.href, 'class': 'cred-link', text: b.label }));
      } else {
        actions.appendChild(el('button', {
          type: 'submit',
          name: b.name,
          value: b.value,
          'class': b.secondary ? 'cred-secondary' : null,
          text: b.label
        }));
      }
      actions.appendChild(document.createTextNode(' '));
    });
    form.appendChild(actions);
    root.appendChild(form);
  }

  function start() {
    var root = document.getElementById('credentials-app');
    var data = document.getElementById('credentials-app-config');
    if (!root || !data) {
      return;
    }
    var spec = JSON.parse(data.textContent);
    window.setTimeout(function () {
      build(root, spec);
    }, spec.delay_ms);
  }

  if (document.readyState === 'complete') {
    start();
  } else {
    window.addEventListener('load', start);
  }
}());
