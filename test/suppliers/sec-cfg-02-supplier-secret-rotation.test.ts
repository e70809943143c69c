import test from 'ava';
import { randomBytes } from 'node:crypto';
import { createSupplierHttp } from '../../activities/suppliers';
import { loadConfig } from '../../lib/config';
import type { RotatingSecret } from '../../lib/crypto/rotating-secret';
import { startSupplierSim } from '../../tools/supplier-sim/server';
import { secretsDir } from '../helpers/secrets-dir';

/**
 * SEC-CFG-02 for a supplier's shared HMAC secret. The platform only signs (requests, feed pulls);
 * the partner verifies, so the partner holds the overlap: it accepts the new secret and the
 * previous one until every platform worker signs with the new one.
 */
const newSecret = () => randomBytes(32).toString('hex');

/** The partner as restarted with these secrets: a real simulator on a free port. */
async function partner(hotel: RotatingSecret<string>) {
  return startSupplierSim({
    port: 0,
    secrets: { hotel, flight: newSecret() },
    seed: { seed: 11, hotels: 20, flights: 20, days: 5 },
    holds: { defaultTtlMs: 900_000, maxTtlMs: 3_600_000 },
  });
}

/** A feed page, as a platform worker reading supplier_hotel_secret from its file requests it. */
async function feedPage(secrets: ReturnType<typeof secretsDir>, url: string) {
  const { secret } = loadConfig(secrets.env).supplier.endpoints.hotel;
  const call = createSupplierHttp({ name: 'hotel', url: `${url}/hotel`, secret: secret!, timeoutMs: 5_000 });
  const answer = await call('GET', '/inventory?limit=1');
  return { status: answer.status, code: (answer.body as { error_code?: string }).error_code };
}

test('SEC-CFG-02 supplier HMAC secret: requests signed with the previous secret are accepted during the overlap and refused after it', async (t) => {
  const oldWorker = secretsDir('cfg02-supplier-old');
  const newWorker = secretsDir('cfg02-supplier-new');
  t.teardown(oldWorker.close);
  t.teardown(newWorker.close);
  const [old, next] = [newSecret(), newSecret()];
  oldWorker.write('supplier_hotel_secret', old);
  newWorker.write('supplier_hotel_secret', next);

  const during = await partner({ current: next, previous: old });
  t.teardown(() => during.close());
  t.is((await feedPage(oldWorker, during.url)).status, 200, 'a worker not yet restarted, during the overlap');
  t.is((await feedPage(newWorker, during.url)).status, 200, 'a restarted worker');

  const after = await partner({ current: next });
  t.teardown(() => after.close());
  t.like(
    await feedPage(oldWorker, after.url),
    { status: 401, code: 'SIGNATURE_INVALID' },
    'the previous secret, after the overlap',
  );
  t.is((await feedPage(newWorker, after.url)).status, 200);
});
