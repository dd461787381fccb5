/*
 * Admin console: a single-page front end for the portal. Every view is
 * rendered here from the /ui/api endpoints; links under /ui/ navigate with
 * history.pushState, the back button re-renders, and the password change is
 * sent with fetch and its outcome shown in place.
 */
(function () {
  'use strict';

  var API = '/ui/api';
  var app = document.getElementById('app');
  var session = null;
  var T = {};
  var seq = 0;
  var current = 0;

  /* ---------- small helpers ---------- */

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
      if (child === null || child === undefined) {
        return;
      }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(template, pairs) {
    return Object.keys(pairs).reduce(function (out, key) {
      return out.split('{' + key + '}').join(String(pairs[key]));
    }, template || '');
  }

  function enc(id) {
    return encodeURIComponent(id);
  }

  function userPath(id, tail) {
    return '/ui/users/' + enc(id) + (tail || '');
  }

  function api(path, options) {
    var opts = options || {};
    var init = { method: opts.method || 'GET', credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (opts.body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(opts.body);
    }
    return window.fetch(API + path, init).then(function (resp) {
      return resp.json().then(function (data) {
        if (resp.status === 401 && data && data.login) {
          window.location.assign(data.login);
          throw new Error('signed out');
        }
        if (resp.status === 409 && data && data.redirect) {
          navigate(data.redirect, true);
          throw new Error('redirected');
        }
        return { status: resp.status, data: data };
      });
    });
  }

  /* ---------- navigation ---------- */

  function navigate(url, replace) {
    if (replace) {
      window.history.replaceState({ url: url }, '', url);
    } else {
      window.history.pushState({ url: url }, '', url);
    }
    render(url);
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest('a') : null;
    if (!link || event.defaultPrevented || event.button !== 0) {
      return;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var href = link.getAttribute('href') || '';
    if (href.indexOf('/ui/') !== 0 || href.indexOf('/ui/api/') === 0) {
      return;
    }
    event.preventDefault();
    navigate(href);
  });

  window.addEventListener('popstate', function () {
    render(window.location.pathname + window.location.search);
  });

  function query(url) {
    var out = {};
    var q = url.indexOf('?') >= 0 ? url.slice(url.indexOf('?') + 1) : '';
    q.split('&').forEach(function (pair) {
      if (!pair) {
        return;
      }
      var kv = pair.split('=');
      out[decodeURIComponent(kv[0])] = decodeURIComponent((kv[1] || '').replace(/\+/g, ' '));
    });
    return out;
  }

  function render(url) {
    current += 1;
    var mine = current;
    var path = url.split('?')[0].split('#')[0];
    var parts = path.replace(/^\/ui\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    if (session.must_change && !(parts[0] === 'users' && parts[2] === 'passwords')) {
      navigate(session.home, true);
      return;
    }
    var view;
    if (parts.length === 0) {
      view = session.viewer.kind === 'admin' ? homeView() : null;
      if (!view) {
        navigate(session.home, true);
        return;
      }
    } else if (parts[0] === 'users' && parts.length === 1) {
      view = usersView(query(url));
    } else if (parts[0] === 'users' && parts.length === 2) {
      view = userView(parts[1]);
    } else if (parts[0] === 'users' && parts[2] === 'profile') {
      view = profileView(parts[1]);
    } else if (parts[0] === 'users' && parts[2] === 'addresses') {
      view = addressesView(parts[1]);
    } else if (parts[0] === 'users' && parts[2] === 'passwords') {
      view = passwordsView(parts[1]);
    } else if (parts[0] === 'devices' && parts.length === 1) {
      view = devicesView();
    } else if (parts[0] === 'devices' && parts.length === 2) {
      view = deviceView(parts[1]);
    } else {
      view = Promise.resolve({ title: T.not_found, body: [el('p', { text: T.not_found })] });
    }
    Promise.resolve(view).then(function (v) {
      if (mine !== current) {
        return;
      }
      document.title = v.title + ' – ' + T.brand;
      app.replaceChildren(layout(v));
      var first = app.querySelector('h1');
      if (first && first.focus) {
        first.setAttribute('tabindex', '-1');
        first.focus();
      }
    }).catch(function () { /* navigated away or signed out */ });
  }

  /* ---------- layout ---------- */

  function layout(view) {
    var viewer = session.viewer;
    var nav = [];
    if (viewer.kind === 'admin') {
      nav.push(el('a', { href: '/ui/', text: T.nav_home }));
      nav.push(el('a', { href: '/ui/users', text: T.nav_users }));
      nav.push(el('a', { href: '/ui/devices', text: T.item_devices }));
      nav.push(el('a', { href: session.links.rules, text: T.item_rules }));
    } else {
      nav.push(el('a', { href: userPath(viewer.id), text: T.nav_my_page }));
    }
    nav.push(el('a', { href: session.links.logout, text: T.nav_logout }));
    var who = viewer.kind === 'admin' ? T.admin_label : viewer.name;
    return el('div', { 'class': 'console' }, [
      el('header', { 'class': 'console-top' }, [
        el('span', { 'class': 'console-brand', text: T.brand }),
        el('span', { 'class': 'console-who', text: fill(T.welcome, { name: who }) })
      ]),
      el('nav', { 'class': 'console-nav' }, nav),
      el('main', { 'class': 'console-main' }, [el('h1', { text: view.heading || view.title })]
        .concat(view.sub ? [el('p', { 'class': 'console-sub', text: view.sub })] : [])
        .concat(view.body))
    ]);
  }

  function kv(rows) {
    return el('dl', { 'class': 'console-kv' }, rows.reduce(function (out, row) {
      return out.concat([el('dt', { text: row[0] }), el('dd', {}, [row[1]])]);
    }, []));
  }

  function message(box, kind, lines) {
    box.replaceChildren();
    box.className = 'console-msg ' + (kind === 'ok' ? 'console-msg-ok' : 'console-msg-bad');
    lines.forEach(function (line) {
      box.appendChild(el('p', { text: line }));
    });
  }

  /* ---------- views ---------- */

  function homeView() {
    var menus = [
      [T.menu_profile, [el('a', { href: '/ui/users', text: T.item_users })], T.profile_items],
      [T.menu_resources, [el('a', { href: '/ui/devices', text: T.item_devices })], T.resource_items],
      [T.menu_services, [], T.service_items],
      [T.menu_utilities, [el('a', { href: session.links.rules, text: T.item_rules })], T.utility_items]
    ];
    return {
      title: session.group.name,
      sub: T.group_label + ': ' + session.group.id,
      body: [el('div', { 'class': 'console-cards' }, menus.map(function (m) {
        return el('section', { 'class': 'console-card' }, [
          el('h2', { text: m[0] }),
          el('ul', {}, m[1].map(function (a) { return el('li', {}, [a]); })
            .concat(m[2].map(function (t) { return el('li', { 'class': 'console-muted', text: t }); })))
        ]);
      }))]
    };
  }

  function select(name, label, options, value) {
    seq += 1;
    var id = 'f' + seq;
    var box = el('select', { id: id, name: name }, options.map(function (o) {
      return el('option', { value: o[0], selected: o[0] === value, text: o[1] });
    }));
    return el('div', { 'class': 'console-field' }, [el('label', { 'for': id, text: label }), box]);
  }

  function usersView(q) {
    var fields = [['last_name', T.f_last_name], ['first_name', T.f_first_name], ['user_id', T.f_user_id],
      ['phone', T.f_phone], ['extension', T.f_extension]];
    var modes = [['starts', T.m_starts], ['contains', T.m_contains], ['equals', T.m_equals]];
    seq += 1;
    var valueId = 'f' + seq;
    var form = el('form', { 'class': 'console-search', role: 'search' }, [
      select('field', T.search_by, fields, q.field || 'last_name'),
      select('mode', T.search_how, modes, q.mode || 'starts'),
      el('div', { 'class': 'console-field' }, [
        el('label', { 'for': valueId, text: T.search_value }),
        el('input', { type: 'search', id: valueId, name: 'value', value: q.value || '' })
      ]),
      el('button', { type: 'submit', text: T.search_button })
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var f = form.querySelector('select[name="field"]').value;
      var m = form.querySelector('select[name="mode"]').value;
      var v = form.querySelector('input[name="value"]').value;
      navigate('/ui/users?field=' + enc(f) + '&mode=' + enc(m) + '&value=' + enc(v));
    });
    var qs = '?field=' + enc(q.field || '') + '&mode=' + enc(q.mode || '') + '&value=' + enc(q.value || '');
    return api('/users' + qs).then(function (r) {
      var users = r.data.users || [];
      var results = users.length === 0 ? el('p', { text: T.none_found }) : el('table', { 'class': 'console-table' }, [
        el('thead', {}, [el('tr', {}, [T.f_user_id, T.f_last_name, T.f_first_name, T.f_phone, T.f_extension, T.f_department]
          .map(function (h) { return el('th', { text: h }); }))]),
        el('tbody', {}, users.map(function (u) {
          return el('tr', {}, [
            el('td', { text: u.user_id }),
            el('td', {}, [el('a', { href: userPath(u.user_id), text: u.last_name })]),
            el('td', {}, [el('a', { href: userPath(u.user_id), text: u.first_name })]),
            el('td', { text: u.phone_number }),
            el('td', { text: u.extension }),
            el('td', { text: u.department || '' })
          ]);
        }))
      ]);
      return {
        title: T.users_heading,
        sub: T.users_intro,
        body: [form, users.length ? el('p', { 'class': 'console-muted', text: fill(T.found, { n: users.length }) }) : null, results]
      };
    });
  }

  function userView(id) {
    return api('/users/' + enc(id)).then(function (r) {
      if (r.status !== 200) {
        return { title: r.data.error, body: [] };
      }
      var u = r.data.user;
      var basic = [
        el('a', { href: userPath(u.user_id, '/profile'), text: T.item_profile }),
        el('a', { href: userPath(u.user_id, '/addresses'), text: T.item_addresses }),
        el('a', { href: userPath(u.user_id, '/passwords'), text: T.item_passwords })
      ];
      var group = function (title, links, plain) {
        return el('section', { 'class': 'console-card' }, [
          el('h2', { text: title }),
          el('ul', {}, links.map(function (a) { return el('li', {}, [a]); })
            .concat(plain.map(function (t) { return el('li', { 'class': 'console-muted', text: t }); })))
        ]);
      };
      return {
        title: u.name,
        heading: fill(T.user_heading, { name: u.name }),
        sub: fill(T.user_sub, { id: u.user_id }),
        body: [el('div', { 'class': 'console-cards' }, [group(T.basic, basic, T.basic_items), group(T.advanced, [], T.advanced_items)])]
      };
    });
  }

  function backTo(u) {
    return el('p', {}, [el('a', { href: userPath(u.user_id), text: u.name })]);
  }

  function profileView(id) {
    return api('/users/' + enc(id)).then(function (r) {
      var u = r.data.user;
      return {
        title: T.profile_heading,
        sub: u.name,
        body: [kv([
          [T.f_user_id, u.user_id], [T.f_last_name, u.last_name], [T.f_first_name, u.first_name],
          [T.f_phone, u.phone_number], [T.f_extension, u.extension], [T.f_department, u.department || ''],
          [T.f_email, u.email || '']
        ]), backTo(u)]
      };
    });
  }

  function addressesView(id) {
    return api('/users/' + enc(id)).then(function (r) {
      var u = r.data.user;
      var d = r.data.device;
      var name = !d ? T.no_device : (r.data.device_link ? el('a', { href: '/ui/devices/' + enc(d.name), text: d.name }) : d.name);
      return {
        title: T.addresses_heading,
        sub: u.name,
        body: [
          kv([[T.f_phone, u.phone_number], [T.f_extension, u.extension], [T.line_port, r.data.line_port]]),
          el('h2', { text: T.device_section }),
          kv([[T.device_name, name], [T.device_type, d ? d.type : T.no_device]]),
          backTo(u)
        ]
      };
    });
  }

  function passwordsView(id) {
    return api('/users/' + enc(id) + '/password-form').then(function (r) {
      if (r.status !== 200) {
        return { title: r.data.error, body: [] };
      }
      var spec = r.data.form;
      var u = r.data.user;
      var box = el('div', { 'class': 'console-msg', 'aria-live': 'polite' });
      var token = spec.hidden[0].value;
      var form = el('form', { 'class': 'console-form', autocomplete: spec.autocomplete });
      var choice = el('fieldset', { 'class': 'console-choice' });
      spec.radios.forEach(function (radio) {
        seq += 1;
        var rid = 'c' + seq;
        var input = el('input', { type: 'radio', id: rid, name: spec.radio_name, value: radio.value, checked: radio.checked });
        input.checked = radio.checked;
        choice.appendChild(el('div', { 'class': 'console-radio' }, [input, ' ', el('label', { 'for': rid, text: radio.label })]));
      });
      form.appendChild(choice);
      var inputs = {};
      spec.inputs.forEach(function (f) {
        seq += 1;
        var fid = 'p' + seq;
        var input = el('input', {
          type: f.type, id: fid, name: f.name, autocomplete: f.autocomplete,
          maxlength: f.maxlength, minlength: f.minlength, pattern: f.pattern, inputmode: f.inputmode
        });
        inputs[f.name] = input;
        form.appendChild(el('div', { 'class': 'console-field' }, [el('label', { 'for': fid, text: f.label }), input]));
      });
      var save = spec.buttons[0];
      var cancel = spec.buttons[1];
      var button = el('button', { type: 'submit', 'class': 'console-primary', text: save.label });
      form.appendChild(el('div', { 'class': 'console-actions' }, [
        button, ' ', el('a', { href: cancel.href, 'class': 'console-secondary', text: cancel.label })
      ]));
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var chosen = form.querySelector('input[name="' + spec.radio_name + '"]:checked');
        var body = { token: token, kind: chosen ? chosen.value : '' };
        Object.keys(inputs).forEach(function (name) {
          body[name] = inputs[name].value;
        });
        button.disabled = true;
        api(spec.action.replace(API, ''), { method: 'POST', body: body }).then(function (res) {
          button.disabled = false;
          var data = res.data;
          if (data.token) {
            token = data.token;
          }
          if (data.ok) {
            message(box, 'ok', [data.message]);
            Object.keys(inputs).forEach(function (name) {
              inputs[name].value = '';
            });
            if (session.must_change && !data.must_change) {
              session.must_change = false;
            }
          } else {
            message(box, 'bad', data.errors || [data.error]);
          }
        }).catch(function () {
          button.disabled = false;
        });
      });
      var body = [];
      if (r.data.notice) {
        body.push(el('div', { 'class': 'console-msg console-msg-bad' }, [el('p', { text: r.data.notice })]));
      }
      body.push(box);
      body.push(el('p', { text: T.passwords_intro }));
      if (r.data.rules) {
        var rules = el('div', { 'class': 'console-rules' }, [el('p', { text: r.data.rules.web })]);
        if (r.data.rules.passcode) {
          rules.appendChild(el('p', { text: r.data.rules.passcode }));
        }
        body.push(rules);
      }
      body.push(form);
      return { title: T.passwords_heading, sub: u.name, body: body };
    });
  }

  function devicesView() {
    return api('/devices').then(function (r) {
      var rows = (r.data.devices || []).map(function (d) {
        return el('tr', {}, [
          el('td', {}, [el('a', { href: '/ui/devices/' + enc(d.name), text: d.name })]),
          el('td', { text: d.type }),
          el('td', { text: d.mac || '' }),
          el('td', { text: d.user ? d.user.name : '' })
        ]);
      });
      return {
        title: T.devices_heading,
        body: [el('table', { 'class': 'console-table' }, [
          el('thead', {}, [el('tr', {}, [T.device_name, T.device_type, T.device_mac, T.device_users]
            .map(function (h) { return el('th', { text: h }); }))]),
          el('tbody', {}, rows)
        ])]
      };
    });
  }

  function deviceView(name) {
    return api('/devices/' + enc(name)).then(function (r) {
      if (r.status !== 200) {
        return { title: r.data.error, body: [] };
      }
      var d = r.data.device;
      var tokens = r.data.tokens;
      var box = el('div', { 'class': 'console-msg', 'aria-live': 'polite' });
      var confirmArea = el('div', { 'class': 'console-confirm' });
      var ask = function (action, label) {
        var go = el('button', { type: 'button', 'class': 'console-primary', text: session.buttons.confirm });
        var no = el('button', { type: 'button', 'class': 'console-secondary', text: session.buttons.cancel });
        confirmArea.replaceChildren(el('p', {}, [el('strong', { text: r.data.questions[action] })]), go, ' ', no);
        no.addEventListener('click', function () {
          confirmArea.replaceChildren();
        });
        go.addEventListener('click', function () {
          go.disabled = true;
          api('/devices/' + enc(d.name) + '/actions', { method: 'POST', body: { action: action, token: tokens[action] } })
            .then(function (res) {
              confirmArea.replaceChildren();
              if (res.data.token) {
                tokens[action] = res.data.token;
              }
              message(box, res.data.ok ? 'ok' : 'bad', res.data.ok ? [res.data.message] : res.data.errors);
            });
        });
        return label;
      };
      var actionButton = function (action, label) {
        var b = el('button', { type: 'button', text: label });
        b.addEventListener('click', function () {
          ask(action, label);
        });
        return b;
      };
      var user = r.data.user ? el('a', { href: userPath(r.data.user.user_id), text: r.data.user.name }) : '';
      return {
        title: d.name,
        heading: fill(T.device_heading, { name: d.name }),
        body: [
          box,
          kv([[T.device_name, d.name], [T.device_type, d.type], [T.device_mac, d.mac || ''],
            [T.device_users, user], [T.line_port, r.data.line_port || '']]),
          el('div', { 'class': 'console-actions' }, [actionButton('rebuild', T.rebuild), ' ', actionButton('reset', T.reset)]),
          confirmArea
        ]
      };
    });
  }

  /* ---------- start ---------- */

  api('/session').then(function (r) {
    session = r.data;
    T = session.strings;
    var here = window.location.pathname + window.location.search;
    window.history.replaceState({ url: here }, '', here);
    render(here);
  });
}());
