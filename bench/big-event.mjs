// The 1 MB event of the benchmarks (10,000 keys, a chain nested 50 deep, a 200 KB string), added
// to a running demo-api. Returns the created event (its `uuid`).
export async function makeBigEvent(api) {
  const post = {};
  for (let i = 0; i < 10_000; i++) post[`key_${i}`] = { n: i, label: `value number ${i}`, note: 'x'.repeat(40) };
  let deep = { end: true };
  for (let i = 0; i < 50; i++) deep = { level: i, child: deep };
  post.deep = deep;
  post.essay = 'lorem ipsum '.repeat(17_000).slice(0, 200_000);
  const r = await fetch(`${api.api}/_demo/events/`, {
    method: 'POST', headers: { Authorization: `Token ${api.token}` }, body: JSON.stringify({ post_data: post, timestamp: '2020-01-01T00:00:00Z' }),
  });
  return r.json();
}
