// What "painted" means in the benchmarks (bench/ui.mjs, bench/returning-open.mjs), in one place:
// an init script giving every page of a context
// - window.__paintedWhen(ready): resolves with performance.now() (ms from the navigation's start)
//   one frame after ready() first holds — checked by a MutationObserver on every DOM change, then
//   requestAnimationFrame + setTimeout 0, i.e. once the frame showing it has been produced;
// - window.__rowsReady(n, before): n rows in the last tbody of `table.events`, the first row's link
//   not `before` (a page change), and the list not busy (`.results[aria-busy]`; the vanilla page has
//   no `.results`);
// - window.__firstHref(), window.__next(): for page-change figures.

/** Adds the probes to every page of `context` (a function, not a string: the app's CSP forbids eval). */
export async function addPaintProbes(context) {
  await context.addInitScript(() => {
    // Rejects after a minute, so a selector that no longer matches fails the run instead of
    // hanging it.
    window.__paintedWhen = (ready) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        obs.disconnect();
        reject(new Error(`never ready after 60 s: ${ready.toString().slice(0, 300)}`));
      }, 60_000);
      const check = () => {
        if (!ready()) return false;
        clearTimeout(timer);
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
        return true;
      };
      const obs = new MutationObserver(check);
      if (!check()) obs.observe(document, { childList: true, subtree: true, attributes: true });
    });
    window.__rowsReady = (n, before) => () => {
      const rows = document.querySelectorAll('table.events tbody:last-of-type tr');
      const first = rows[0]?.querySelector('a')?.getAttribute('href');
      return rows.length >= n && first !== before && document.querySelector('.results')?.getAttribute('aria-busy') !== 'true';
    };
    window.__firstHref = () => document.querySelector('table.events tbody:last-of-type tr a')?.getAttribute('href');
    window.__next = () => document.getElementById('next')
      ?? [...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Next page');
  });
}
