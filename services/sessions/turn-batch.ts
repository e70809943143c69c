/**
 * Gathers the calls made during one turn of the event loop and sends them as one: under load the
 * session checks of every request that arrived in the same poll phase cost one Redis command, one
 * socket write and one reply instead of one each (the write alone cost more than the rest of the
 * check). Every call still gets its own answer from that command; nothing is answered from memory.
 * A failed send fails every call in it. `maxBatch` bounds the size of one command.
 */
export function perTurnBatches<A, R>(
  send: (args: A[]) => Promise<readonly R[]>,
  maxBatch: number,
): (arg: A) => Promise<R> {
  let args: A[] = [];
  let settlers: { resolve(value: R): void; reject(err: unknown): void }[] = [];

  const flush = (): void => {
    if (args.length === 0) return;
    const batch = args;
    const waiting = settlers;
    args = [];
    settlers = [];
    let sent: Promise<readonly R[]>;
    try {
      sent = send(batch);
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (results) => {
        if (results.length !== waiting.length) {
          const err = new Error(`batch of ${waiting.length} got ${results.length} answers`);
          for (const w of waiting) w.reject(err);
          return;
        }
        for (let i = 0; i < waiting.length; i++) waiting[i]!.resolve(results[i]!);
      },
      (err: unknown) => {
        for (const w of waiting) w.reject(err);
      },
    );
  };

  return (arg) =>
    new Promise<R>((resolve, reject) => {
      args.push(arg);
      settlers.push({ resolve, reject });
      if (args.length === 1) setImmediate(flush);
      else if (args.length >= maxBatch) flush();
    });
}
