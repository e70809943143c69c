import { fork } from 'node:child_process';
import { once } from 'node:events';

/**
 * A child process that keeps one core busy while switched on: what another busy process on the
 * same cores (the API) does to a dependency's CPU per request. It works in 5 ms slices and reads
 * its messages between them, so switching takes at most a slice. Its work is random reads and
 * writes over 64 MiB (twice this machine's L3), so, as a real process's would, it evicts the
 * caches the dependency's threads come back to, not only their time.
 */
export async function startBurner(): Promise<{ set(on: boolean): Promise<void>; stop(): void }> {
  const child = fork(__filename, ['--burner-child'], { stdio: 'inherit' });
  await once(child, 'message');
  return {
    async set(on) {
      child.send(on);
      await once(child, 'message');
    },
    stop: () => child.kill(),
  };
}

if (process.argv.includes('--burner-child')) {
  let on = false;
  process.on('message', (value) => {
    on = value === true;
    process.send!('ok');
  });
  const spin = () => {
    if (on) for (const until = Date.now() + 5; Date.now() < until;);
    setTimeout(spin, on ? 0 : 5);
  };
  spin();
  process.send!('ready');
}
