import test from 'ava';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSmtpTransport, smtpOptions } from '../../activities/notify/smtp-transport';
import { loadConfig, type Config } from '../../lib/config';
import { createTemporalClient } from '../../lib/temporal/connection';
import { connectWorker } from '../../workers/connection';

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

test('SEC-RATE-03 SMTP delivery gives up on a relay that never answers', async (t) => {
  const config = configWith((c) => ({ ...c, smtp: { ...c.smtp, url: `smtp://${address}`, timeoutMs: 300 } }));
  const options = smtpOptions(config);
  t.is(options.connectionTimeout, 300);
  t.is(options.greetingTimeout, 300);
  t.is(options.socketTimeout, 300);

  const transport = createSmtpTransport(config);
  const started = Date.now();
  await t.throwsAsync(transport.sendMail({ from: 'a@travelhub.test', to: 'b@travelhub.test', text: 'x' }));
  t.true(Date.now() - started < 3_000, `gave up after ${Date.now() - started} ms`);
  transport.close();
});

test('SEC-RATE-03 the Temporal client gives up on a frontend that never answers', async (t) => {
  // No explicit timeout: config.outboundTimeoutMs applies.
  const config = configWith((c) => ({ ...c, outboundTimeoutMs: 500, temporal: { ...c.temporal, address } }));
  const started = Date.now();
  await t.throwsAsync(createTemporalClient(config));
  t.true(Date.now() - started < 5_000, `gave up after ${Date.now() - started} ms`);
});

test('SEC-RATE-03 the worker connection gives up on a frontend that never answers', async (t) => {
  const config = configWith((c) => ({ ...c, outboundTimeoutMs: 500, temporal: { ...c.temporal, address } }));
  const started = Date.now();
  await t.throwsAsync(connectWorker(config));
  t.true(Date.now() - started < 5_000, `gave up after ${Date.now() - started} ms`);
});

test('SEC-RATE-03 SMTP connections default to the configured outbound timeout', (t) => {
  const config = loadConfig({});
  t.is(config.smtp.timeoutMs, config.outboundTimeoutMs);
  t.is(smtpOptions(config).greetingTimeout, config.smtp.timeoutMs);
  t.is(smtpOptions(config).connectionTimeout, config.smtp.timeoutMs);
  t.is(smtpOptions(config).socketTimeout, config.smtp.timeoutMs);
});
