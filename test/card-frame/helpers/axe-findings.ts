import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical findings in `frame`, one line each. axe is evaluated through
 * the DevTools protocol, which the frame's CSP (script-src 'self') does not govern.
 */
export async function seriousAxeFindings(frame: Frame): Promise<string[]> {
  await frame.evaluate(AXE_SOURCE);
  return (await frame.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`)) as string[];
}
