import test from 'ava';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { perTurnBatches } from '../../services/sessions/turn-batch';

function recorder(answer: (args: number[]) => Promise<readonly string[]> = async (a) => a.map(String)) {
  const sends: number[][] = [];
  const call = perTurnBatches<number, string>((args) => {
    sends.push(args);
    return answer(args);
  }, 4);
  return { sends, call };
}

test('the calls of one event-loop turn go in one send, in call order, each getting its own answer', async (t) => {
  const { sends, call } = recorder();
  t.deepEqual(await Promise.all([call(1), call(2), call(3)]), ['1', '2', '3']);
  t.deepEqual(sends, [[1, 2, 3]]);
  await nextTurn();
  t.is(await call(9), '9');
  t.deepEqual(sends, [[1, 2, 3], [9]], 'a later turn starts a new send');
});

test('a send never carries more than maxBatch calls', async (t) => {
  const { sends, call } = recorder();
  const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9].map(call));
  t.deepEqual(answers, ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  t.deepEqual(sends, [[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
});

test('a failed send fails every call in it, and only those', async (t) => {
  let fail = true;
  const { call } = recorder(async (args) => {
    if (fail) throw new Error('redis away');
    return args.map(String);
  });
  const outcomes = await Promise.allSettled([call(1), call(2)]);
  t.deepEqual(
    outcomes.map((o) => o.status),
    ['rejected', 'rejected'],
  );
  fail = false;
  t.is(await call(3), '3');
});

test('a send that throws at once, or answers the wrong number of calls, fails every call in it', async (t) => {
  const throwing = perTurnBatches<number, string>(() => {
    throw new Error('no connection');
  }, 4);
  await t.throwsAsync(Promise.all([throwing(1), throwing(2)]), { message: 'no connection' });
  const short = recorder(async () => ['only one']);
  const outcomes = await Promise.allSettled([short.call(1), short.call(2)]);
  t.deepEqual(
    outcomes.map((o) => o.status),
    ['rejected', 'rejected'],
    'never an answer handed to the wrong caller',
  );
});
