import { Op, type Sequelize } from 'sequelize';
import { refreshTokenModel } from '../../db/models/refresh-token';

/**
 * Retention for sessions (SEC-PRIV-03 "expired sessions removed"): refresh tokens whose family
 * ended are useless (refused by expiry) and no longer needed for reuse detection. Deletes at most
 * `batchSize` rows per call, so a scheduled activity can loop with heartbeats; returns how many.
 * Redis sessions need no purge: their keys expire by themselves.
 */
export async function purgeExpiredRefreshTokens(
  sequelize: Sequelize,
  now: Date,
  batchSize = 1_000,
): Promise<number> {
  return refreshTokenModel(sequelize).destroy({ where: { expires_at: { [Op.lte]: now } }, limit: batchSize });
}
