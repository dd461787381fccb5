// `tabs`: the Passwords form's two tabs ("Set web access password" / "Set
// portal password"), each showing its own pair of fields; the hidden input
// tells the server which one was set.
for (const tab of document.querySelectorAll('[role=tab][data-kind]')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('[role=tab][data-kind]')) {
      const on = other === tab;
      other.setAttribute('aria-selected', String(on));
      const panel = document.getElementById(other.getAttribute('aria-controls'));
      if (panel) panel.hidden = !on;
    }
    const kind = document.querySelector('input[data-tab-kind]');
    if (kind) kind.value = tab.dataset.kind;
  });
}
