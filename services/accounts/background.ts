import type { Logger } from '../../lib/logger';

export interface BackgroundTasks {
  /** Runs `task` after the answer, so its duration says nothing to the client; failures are logged. */
  run(name: string, task: () => Promise<void>): void;
  /** Resolves once every task started so far has ended (tests, shutdown). */
  drain(): Promise<void>;
}

export function backgroundTasks(logger: Logger): BackgroundTasks {
  const pending = new Set<Promise<void>>();
  return {
    run(name, task) {
      const running = Promise.resolve()
        .then(task)
        .catch((err: unknown) =>
          logger.error({ err, action: name, result: 'failure' }, 'background task failed'),
        )
        .finally(() => pending.delete(running));
      pending.add(running);
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
