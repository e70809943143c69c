import test from 'ava';

/**
 * Registers the file's hooks: before its tests `start` makes a harness and `ready` is handed it;
 * after them it closes.
 */
export function useHarness<H extends { close(): Promise<void> }>(
  start: () => Promise<H>,
  ready: (harness: H) => void,
): void {
  let harness: H | undefined;
  test.before(async () => {
    harness = await start();
    ready(harness);
  });
  test.after.always(() => harness?.close());
}
