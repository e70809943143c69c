import { createHmac } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { knownDeviceModel } from '../../db/models/known-device';
import { networkOf } from './device-label';

/** 'first': the user's first sign-in ever (nothing to compare with, no alert). */
export type DeviceVerdict = 'first' | 'known' | 'new';

/** SEC-SESS-06: remembers the (device, network) pair and says whether the user had used it before. */
export async function rememberDevice(
  sequelize: Sequelize,
  key: Buffer,
  login: { userId: string; device: string; ip: string; at: Date },
): Promise<DeviceVerdict> {
  const model = knownDeviceModel(sequelize);
  const fingerprint = createHmac('sha256', key)
    .update(`${login.device}\n${networkOf(login.ip)}`)
    .digest();
  const [updated] = await model.update(
    { last_seen_at: login.at },
    { where: { user_id: login.userId, fingerprint } },
  );
  if (updated > 0) return 'known';
  const anyBefore = await model.findOne({ where: { user_id: login.userId }, attributes: ['user_id'] });
  await model.bulkCreate(
    [{ user_id: login.userId, fingerprint, first_seen_at: login.at, last_seen_at: login.at }],
    { ignoreDuplicates: true },
  );
  return anyBefore ? 'new' : 'first';
}
