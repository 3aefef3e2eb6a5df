// axe-core on a page as it stands, failing with every violation spelled out.
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';

/** Fails with every violation spelled out (rule, element, why). */
export async function assertAccessible(page, screen) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const text = violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary}`));
  assert.deepEqual(text, [], `${screen}: axe-core violations`);
}
