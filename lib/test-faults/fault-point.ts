import { writeSync } from 'node:fs';
import { config } from '../config';
import type { TestFaults } from '../config/test-faults';

/**
 * A test-only fault point (the crash test, issue 20.1). Unless its hook is set
 * (lib/config/test-faults.ts, refused in production) it does nothing. When set to `kill`, the
 * process dies here at once, as a power cut or the OOM killer would: no answer, no finally
 * block, no shutdown. One line on stderr, written synchronously before the signal, names the
 * point, the process and `subject`, so the test knows exactly where its crash landed.
 */
export function testFaultPoint(point: keyof TestFaults, subject: string): void {
  if (config().testFaults[point] !== 'kill') return;
  writeSync(2, `TEST FAULT ${point} pid ${process.pid}: SIGKILL after ${subject}\n`);
  process.kill(process.pid, 'SIGKILL');
}
