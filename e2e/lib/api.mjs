// Direct API calls from the test process: the oracle the screens are checked against.
export async function apiGet(server, path) {
  const r = await fetch(`${server.api}${path}`, { headers: { Authorization: `Token ${server.token}` } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

/** Every event of a query, from the API, all pages. */
export async function allEvents(server, query) {
  const out = [];
  for (let p = 1; ; p++) {
    const page = await apiGet(server, `/audit-events/?limit=500&page=${p}&${query}`);
    out.push(...page.results);
    if (!page.next) return out;
  }
}

export async function apiCount(server, query) {
  return (await apiGet(server, `/audit-events/?limit=1&${query}`)).count;
}

/** "12,345" as the app writes counts. */
export const thousands = (n) => n.toLocaleString('en-US');

/** POSTs to a demo-api test-only endpoint (`events/` inserts, `faults/` switches faults). */
export async function demoPost(server, endpoint, body) {
  const r = await fetch(`${server.api}/_demo/${endpoint}`, {
    method: 'POST', headers: { Authorization: `Token ${server.token}` }, body: JSON.stringify(body),
  });
  const expected = endpoint === 'events/' ? 201 : 200;
  if (r.status !== expected) throw new Error(`_demo/${endpoint}: HTTP ${r.status}`);
  return r.json();
}
