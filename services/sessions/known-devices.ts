import { createHmac } from 'node:crypto';
import { UniqueConstraintError, type Sequelize } from 'sequelize';
import { knownDeviceModel, type KnownDeviceModel } from '../../db/models/known-device';
import { mapSecret, rotatingSecret, type RotatingSecret } from '../../lib/crypto/rotating-secret';
import { networkOf } from './device-label';

/** 'first': the user's first sign-in ever (nothing to compare with, no alert). */
export type DeviceVerdict = 'first' | 'known' | 'new';

type Login = { userId: string; device: string; ip: string; at: Date };

/**
 * SEC-CFG-02: a device remembered under the previous session secret is known too; its row is
 * re-keyed to the current fingerprint, so it stays known once the previous secret is removed.
 */
async function rekeyPrevious(model: KnownDeviceModel, login: Login, from: Buffer, to: Buffer) {
  try {
    const [rekeyed] = await model.update(
      { fingerprint: to, last_seen_at: login.at },
      { where: { user_id: login.userId, fingerprint: from } },
    );
    return rekeyed > 0;
  } catch (err) {
    // A concurrent login already stored the current fingerprint: the device is known either way.
    if (err instanceof UniqueConstraintError) return true;
    throw err;
  }
}

/** SEC-SESS-06: remembers the (device, network) pair and says whether the user had used it before. */
export async function rememberDevice(
  sequelize: Sequelize,
  key: Buffer | RotatingSecret<Buffer>,
  login: Login,
): Promise<DeviceVerdict> {
  const model = knownDeviceModel(sequelize);
  const fingerprints = mapSecret(rotatingSecret(key), (k) =>
    createHmac('sha256', k)
      .update(`${login.device}\n${networkOf(login.ip)}`)
      .digest(),
  );
  const fingerprint = fingerprints.current;
  const [updated] = await model.update(
    { last_seen_at: login.at },
    { where: { user_id: login.userId, fingerprint } },
  );
  if (updated > 0) return 'known';
  if (fingerprints.previous && (await rekeyPrevious(model, login, fingerprints.previous, fingerprint))) {
    return 'known';
  }
  const anyBefore = await model.findOne({ where: { user_id: login.userId }, attributes: ['user_id'] });
  await model.bulkCreate(
    [{ user_id: login.userId, fingerprint, first_seen_at: login.at, last_seen_at: login.at }],
    { ignoreDuplicates: true },
  );
  return anyBefore ? 'new' : 'first';
}
