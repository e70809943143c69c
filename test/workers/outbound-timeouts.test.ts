import test, { type ExecutionContext } from 'ava';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSmtpTransport, smtpOptions } from '../../lib/clients/smtp';
import { loadConfig, type Config } from '../../lib/config';
import { createTemporalClient } from '../../lib/clients/temporal';
import { connectWorker } from '../../lib/clients/temporal-worker';

// A peer that accepts TCP connections and then never says a word: the worst case for a client
// without timeouts, which would wait on it forever.
let silent: Server;
const sockets = new Set<Socket>();
let address = '';

test.before(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
  address = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
});

test.after.always(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((done) => silent.close(done));
});

function configWith(patch: (c: Config) => Config): Config {
  return patch(loadConfig());
}

/** How long `attempt` takes to fail against the silent peer. */
async function msToGiveUp(attempt: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const outcome = await attempt().then(
    () => 'answered',
    () => 'gave up',
  );
  if (outcome !== 'gave up') throw new Error('the silent peer cannot answer');
  return performance.now() - started;
}

/**
 * The configured timeout is what decides, measured against the same client given a ten times
 * longer one in the same test: giving up takes a fraction of the baseline, on any machine (a
 * library default or a hang would make both the same).
 */
async function assertConfiguredTimeoutDecides(
  t: ExecutionContext,
  short: () => Promise<unknown>,
  long: () => Promise<unknown>,
) {
  const [shortMs, longMs] = [await msToGiveUp(short), await msToGiveUp(long)];
  t.true(
    shortMs < longMs / 2,
    `gave up after ${shortMs.toFixed(0)} ms, ${longMs.toFixed(0)} ms with 10× the timeout`,
  );
}

test('SEC-RATE-03 SMTP delivery gives up on a relay that never answers', async (t) => {
  const config = configWith((c) => ({ ...c, smtp: { ...c.smtp, url: `smtp://${address}`, timeoutMs: 300 } }));
  const options = smtpOptions(config);
  t.is(options.connectionTimeout, 300);
  t.is(options.greetingTimeout, 300);
  t.is(options.socketTimeout, 300);

  const transport = createSmtpTransport(config);
  const patient = createSmtpTransport({ ...config, smtp: { ...config.smtp, timeoutMs: 3_000 } });
  t.teardown(() => {
    transport.close();
    patient.close();
  });
  const mail = { from: 'a@travelhub.test', to: 'b@travelhub.test', text: 'x' };
  await assertConfiguredTimeoutDecides(
    t,
    () => transport.sendMail(mail),
    () => patient.sendMail(mail),
  );
});

test('SEC-RATE-03 the Temporal client gives up on a frontend that never answers', async (t) => {
  // No explicit timeout: config.outboundTimeoutMs applies.
  const config = (ms: number) =>
    configWith((c) => ({ ...c, outboundTimeoutMs: ms, temporal: { ...c.temporal, address } }));
  await assertConfiguredTimeoutDecides(
    t,
    () => createTemporalClient(config(500)),
    () => createTemporalClient(config(5_000)),
  );
});

test('SEC-RATE-03 the worker connection gives up on a frontend that never answers', async (t) => {
  const config = (ms: number) =>
    configWith((c) => ({ ...c, outboundTimeoutMs: ms, temporal: { ...c.temporal, address } }));
  await assertConfiguredTimeoutDecides(
    t,
    () => connectWorker(config(500)),
    () => connectWorker(config(5_000)),
  );
});

test('SEC-RATE-03 SMTP connections default to the configured outbound timeout', (t) => {
  const config = loadConfig({});
  t.is(config.smtp.timeoutMs, config.outboundTimeoutMs);
  t.is(smtpOptions(config).greetingTimeout, config.smtp.timeoutMs);
  t.is(smtpOptions(config).connectionTimeout, config.smtp.timeoutMs);
  t.is(smtpOptions(config).socketTimeout, config.smtp.timeoutMs);
});
