// The list table's rows, built from the one string `rows.rs` writes (see there for why): fields
// separated by U+0001, each row's cells in the order `kinds` names, each kind a fixed number of
// fields. Event data is attacker-written: every field is set as text or as an attribute value,
// never parsed as markup, and an address is used only if it is a path inside the app
// (`isAppPath`).

const SEP = '\u0001';
const FIELDS = { pick: 3, time: 4, user: 2, object: 2, ip: 1, url: 1, uuid: 1 };

function cell(kind) {
  const td = document.createElement('td');
  td.className = kind;
  return td;
}

// An app path: `/` then anything but `/` or `\`, no control character (the URL parser drops tab,
// CR and LF, which would turn `/<tab>/host` into `//host`). The same rule as the Rust side's
// `common::app_path::is_app_path`: a native test holds this line to it, and both are run over
// the same cases (src/common/app_path_cases.json).
const APP_PATH = /^\/(?![\/\\])[^\u0000-\u001f\u007f-\u009f]*$/;

/** Whether `href` is a path inside the app: the rule above, and resolved against the page it
 *  stays on the page's own origin. */
export function isAppPath(href) {
  if (typeof href !== 'string' || !APP_PATH.test(href)) return false;
  try {
    return new URL(href, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

/** A link inside the app around `content` (text or a node), or the content alone if the
 *  address is not an app path. */
function link(href, content, title) {
  if (!isAppPath(href)) return typeof content === 'string' ? document.createTextNode(content) : content;
  const a = document.createElement('a');
  a.setAttribute('href', href);
  if (title) a.title = title;
  a.append(content);
  return a;
}

function build(kinds, wire, rowClass, titles) {
  const frag = document.createDocumentFragment();
  if (!wire) return frag;
  const f = wire.split(SEP);
  const width = kinds.reduce((n, k) => n + FIELDS[k], 0);
  for (let i = 0; i + width <= f.length; ) {
    const tr = document.createElement('tr');
    if (rowClass) tr.className = rowClass;
    for (const kind of kinds) {
      const td = cell(kind);
      switch (kind) {
        case 'pick': {
          const input = document.createElement('input');
          input.type = 'checkbox';
          input.dataset.uuid = f[i];
          input.setAttribute('aria-label', f[i + 1]);
          input.checked = f[i + 2] === '1';
          td.append(input);
          break;
        }
        case 'time': {
          const time = document.createElement('time');
          if (f[i + 2]) time.setAttribute('datetime', f[i + 2]);
          time.textContent = f[i + 3];
          td.append(link(f[i], time, f[i + 1]));
          break;
        }
        case 'user':
          if (f[i]) td.append(link(f[i], f[i + 1], titles.user));
          else {
            const span = document.createElement('span');
            span.className = 'system';
            span.textContent = f[i + 1];
            td.append(span);
          }
          break;
        case 'object':
          td.append(link(f[i], f[i + 1], titles.object));
          break;
        case 'url':
          td.title = f[i];
          td.textContent = f[i];
          break;
        default:
          td.textContent = f[i];
      }
      i += FIELDS[kind];
      tr.append(td);
    }
    frag.append(tr);
  }
  return frag;
}

/** Replaces the rows of `body` (a <tbody>) with those in `wire`; `kinds` is comma-separated;
 *  `userTitle` and `objectTitle` are the user and object links' tooltips (in the page's
 *  language). */
export function fillRows(body, kinds, wire, rowClass, userTitle, objectTitle) {
  body.replaceChildren(build(kinds.split(','), wire, rowClass, { user: userTitle, object: objectTitle }));
}

/** Puts the rows in `wire` above those `body` already has (the live tail's newest events). */
export function prependRows(body, kinds, wire, rowClass, userTitle, objectTitle) {
  body.prepend(build(kinds.split(','), wire, rowClass, { user: userTitle, object: objectTitle }));
}
