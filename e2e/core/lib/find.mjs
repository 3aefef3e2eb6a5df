// The in-page half of the core suite's locators: finds elements by role and accessible name, by
// label, by text, as a person (or a screen reader) would, in any engine. It runs inside the page,
// so it is one plain function with no outside references; driver.mjs sends its source with every
// query (a navigation forgets anything installed before).
//
// A locator is a chain of steps, each searching inside the elements the previous one found:
//   { k: 'role', role, name }   elements of an ARIA role (explicit or implied by the tag)
//   { k: 'label', name }        form controls by their label (label element, aria-label(ledby))
//   { k: 'text', name }         the innermost elements whose text matches
//   { k: 'css', sel }           a CSS selector (for structure the page has no name for)
//   { k: 'nth', n }             one of them (negative: from the end)
//   { k: 'hasText', name }      only those whose text matches
// A `name` is { s, exact } (exact: whole text, else a case-insensitive substring) or
// { re, flags }. Hidden elements are skipped unless `hidden` is set on the step.

/* eslint-disable no-restricted-syntax */
export function coreFind(chain) {
  const norm = (s) => String(s ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
  const visible = (el) => {
    if (typeof el.checkVisibility === 'function') return el.checkVisibility({ visibilityProperty: true });
    return el.getClientRects().length > 0;
  };
  const matches = (text, want) => {
    if (!want) return true;
    const t = norm(text);
    if (want.re !== undefined) return new RegExp(want.re, want.flags).test(t);
    return want.exact ? t === norm(want.s) : t.toLowerCase().includes(norm(want.s).toLowerCase());
  };
  const headings = { h1: 1, h2: 1, h3: 1, h4: 1, h5: 1, h6: 1 };
  const roleOf = (el) => {
    const explicit = el.getAttribute('role');
    if (explicit && explicit.trim()) return explicit.trim().split(/\s+/)[0];
    const tag = el.localName;
    if (headings[tag]) return 'heading';
    switch (tag) {
      case 'a': case 'area': return el.hasAttribute('href') ? 'link' : null;
      case 'button': return 'button';
      case 'input': {
        const type = (el.getAttribute('type') || 'text').toLowerCase();
        if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
        if (type === 'checkbox' || type === 'radio') return type;
        if (type === 'number') return 'spinbutton';
        if (type === 'range') return 'slider';
        if (type === 'hidden') return null;
        if (el.hasAttribute('list')) return 'combobox';
        return type === 'search' ? 'searchbox' : 'textbox';
      }
      case 'select': return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
      case 'textarea': return 'textbox';
      case 'option': return 'option';
      case 'nav': return 'navigation';
      case 'main': return 'main';
      case 'table': return 'table';
      case 'tr': return 'row';
      case 'td': return 'cell';
      case 'th': return el.closest('thead') || el.getAttribute('scope') === 'col' ? 'columnheader' : 'rowheader';
      case 'ul': case 'ol': return 'list';
      case 'li': return 'listitem';
      case 'dialog': return 'dialog';
      case 'img': return 'img';
      case 'progress': return 'progressbar';
      case 'section': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null;
      case 'form': return 'form';
      default: return null;
    }
  };
  // The text a name is computed from: text nodes, an aria-label or alt in place of an element's
  // content, nothing from aria-hidden or undisplayed parts.
  const contentText = (el) => {
    let out = '';
    for (const node of el.childNodes) {
      if (node.nodeType === 3) out += node.data;
      else if (node.nodeType === 1) {
        if (node.getAttribute('aria-hidden') === 'true') continue;
        if (['script', 'style', 'template'].includes(node.localName)) continue;
        if (getComputedStyle(node).display === 'none') continue;
        const label = node.getAttribute('aria-label');
        if (label) out += ` ${label} `;
        else if (node.localName === 'img') out += node.getAttribute('alt') ?? '';
        else out += ` ${contentText(node)} `;
      }
    }
    return out;
  };
  const byIds = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean)
    .map((e) => contentText(e)).join(' ');
  const fromContent = new Set(['button', 'link', 'heading', 'cell', 'columnheader', 'rowheader', 'option',
    'checkbox', 'radio', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'listitem', 'row', 'switch', 'tooltip']);
  const nameOf = (el) => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) { const n = norm(byIds(labelledBy)); if (n) return n; }
    const aria = el.getAttribute('aria-label');
    if (aria && aria.trim()) return norm(aria);
    if (el.labels && el.labels.length) return norm([...el.labels].map((l) => contentText(l)).join(' '));
    const tag = el.localName;
    if (tag === 'input' && ['button', 'submit', 'reset'].includes(el.type)) return norm(el.value);
    if (tag === 'img') return norm(el.getAttribute('alt'));
    if (tag === 'table') { const c = el.querySelector(':scope > caption'); if (c) return norm(contentText(c)); }
    if (tag === 'fieldset') { const l = el.querySelector(':scope > legend'); if (l) return norm(contentText(l)); }
    if (fromContent.has(roleOf(el))) { const n = norm(contentText(el)); if (n) return n; }
    return norm(el.getAttribute('title'));
  };
  const labelable = (el) => ['input', 'select', 'textarea'].includes(el.localName) && el.type !== 'hidden'
    || el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') || el.isContentEditable;

  let scope = [document];
  for (const step of chain) {
    if (step.k === 'nth') {
      const i = step.n < 0 ? scope.length + step.n : step.n;
      scope = scope[i] ? [scope[i]] : [];
      continue;
    }
    if (step.k === 'hasText') {
      scope = scope.filter((el) => matches(el.textContent, step.name));
      continue;
    }
    const found = new Set();
    for (const root of scope) {
      const all = step.k === 'css' ? root.querySelectorAll(step.sel) : root.querySelectorAll('*');
      for (const el of all) {
        if (found.has(el)) continue;
        let ok;
        if (step.k === 'css') ok = true;
        else if (step.k === 'role') ok = roleOf(el) === step.role && matches(nameOf(el), step.name);
        else if (step.k === 'label') ok = labelable(el) && matches(nameOf(el), step.name);
        else if (step.k === 'text') {
          ok = !['script', 'style', 'template', 'head', 'title', 'html', 'body'].includes(el.localName)
            && matches(el.textContent, step.name)
            && ![...el.children].some((c) => matches(c.textContent, step.name));
        }
        if (ok && (step.hidden || visible(el))) found.add(el);
      }
    }
    scope = [...found];
  }
  return scope.filter((el) => el !== document);
}
