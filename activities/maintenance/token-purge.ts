import { QueryTypes, type Sequelize } from 'sequelize';
import { purgeExpiredRefreshTokens } from '../../services/sessions/purge';
import { purgeInBatches, type BatchedPurgeLimits } from './batched-purge';
import { clockOf, type RetentionStepInput, type RetentionStepResult } from './retention-step';

export interface TokenPurgeDeps extends Partial<BatchedPurgeLimits> {
  /** The app role (DML on refresh_tokens and account_tokens). */
  sequelize: Sequelize;
}

// Expired one-time email tokens (password reset, email verification): spent or not, an expired
// token is refused anyway, so its hash serves nothing any more. The expires_at index finds them.
const PURGE_EXPIRED_ACCOUNT_TOKENS = `
  DELETE FROM account_tokens
  WHERE id IN (SELECT id FROM account_tokens WHERE expires_at <= $1 ORDER BY expires_at, id LIMIT $2)
  RETURNING id`;

/**
 * SEC-PRIV-03 "expired sessions and reset tokens removed". Sessions themselves live in Redis
 * and expire there on their own; what outlives them in Postgres is their refresh-token family
 * (kept until its absolute expiry for reuse detection) and the one-time account tokens.
 * `purgeExpiredRefreshTokenFamilies` runs services/sessions' purgeExpiredRefreshTokens and
 * `purgeExpiredAccountTokens` the statement above, each batch by batch with heartbeats (resumable:
 * a retry deletes only what is still expired and resumes the total from the last heartbeat).
 */
export function createTokenPurgeActivities({
  sequelize,
  batchSize = 1000,
  maxBatches = 1000,
}: TokenPurgeDeps) {
  const limits = { batchSize, maxBatches };
  return {
    async purgeExpiredRefreshTokenFamilies(input: RetentionStepInput): Promise<RetentionStepResult> {
      const now = clockOf(input);
      const result = await purgeInBatches((size) => purgeExpiredRefreshTokens(sequelize, now, size), limits);
      return { ...result, cutoff: now.toISOString() };
    },
    async purgeExpiredAccountTokens(input: RetentionStepInput): Promise<RetentionStepResult> {
      const now = clockOf(input);
      const purgeBatch = async (size: number) =>
        (await sequelize.query(PURGE_EXPIRED_ACCOUNT_TOKENS, { bind: [now, size], type: QueryTypes.SELECT }))
          .length;
      return { ...(await purgeInBatches(purgeBatch, limits)), cutoff: now.toISOString() };
    },
  };
}

export type TokenPurgeActivities = ReturnType<typeof createTokenPurgeActivities>;
