// The long tasks of a cold open of the 1 MB event's page, each against the moment the event was
// requested: which come from the event (after its request) and which from the app's start.
//   BENCH_DIST=/tmp/dist-x node bench/detail-tasks.mjs [runs]
import { startTraceBench } from './trace-lib.mjs';
import { makeBigEvent } from './big-event.mjs';

const runs = Number(process.argv[2] || 9);
const { api, signedInContext, stop } = await startTraceBench();
const uuid = (await makeBigEvent(api)).uuid;
for (let run = 0; run < runs; run++) {
  const context = await signedInContext();
  const page = await context.newPage();
  await page.goto(`${api.url}/events/${uuid}`);
  await page.waitForSelector('[aria-labelledby="post-data-title"] .json-tree');
  await page.waitForTimeout(500);
  const { tasks, requested } = await page.evaluate((uuid) => ({
    tasks: window.__tasks,
    requested: Math.round(performance.getEntriesByType('resource').find((e) => e.name.includes(`/audit-events/${uuid}`))?.startTime ?? NaN),
  }), uuid);
  const described = tasks.map(([start, ms]) => `${ms} ms at ${start} (${start < requested ? 'app start' : 'after the request'})`);
  console.log(`run ${run + 1}: event requested at ${requested} ms; long tasks: ${described.join(', ') || 'none'}`);
  await context.close();
}
await stop();
process.exit(0);
