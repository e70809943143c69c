import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Op, Transaction, type Sequelize } from 'sequelize';
import { refreshTokenModel } from '../../db/models/refresh-token';

/** 256 random bits, base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

/** Only the hash is stored: a database reader cannot replay a token. Unkeyed: the token has 256 bits. */
export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function isRefreshTokenShape(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value);
}

export type RotationOutcome =
  | { kind: 'rotated'; token: string; userId: string; familyId: string; expiresAt: Date }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/** Postgres side of SEC-SESS-03: families, rotation, reuse detection, revocation. */
export function refreshTokens(sequelize: Sequelize) {
  const model = refreshTokenModel(sequelize);

  async function revokeFamilies(
    where: { userId: string; familyId?: string; exceptFamilyId?: string },
    reason: string,
    now: Date,
    transaction?: Transaction,
  ): Promise<number> {
    const familyFilter =
      where.familyId !== undefined
        ? { family_id: where.familyId }
        : where.exceptFamilyId !== undefined
          ? { family_id: { [Op.ne]: where.exceptFamilyId } }
          : {};
    const [count] = await model.update(
      { revoked_at: now, revoke_reason: reason },
      { where: { user_id: where.userId, revoked_at: null, ...familyFilter }, transaction },
    );
    return count;
  }

  return {
    /** A new family (one per session) with its first token. */
    async startFamily(familyId: string, userId: string, expiresAt: Date): Promise<string> {
      const { token, hash } = newRefreshToken();
      await model.create({
        id: randomUUID(),
        family_id: familyId,
        user_id: userId,
        token_hash: hash,
        expires_at: expiresAt,
        rotated_at: null,
        revoked_at: null,
        revoke_reason: null,
      });
      return token;
    },

    /**
     * Uses a token once: its successor inherits the family's absolute end. A token that was
     * already rotated is reuse (a stolen copy, or the thief's copy used first): the whole family
     * is revoked in the same transaction. `stillLive` asks the session store whether the
     * session behind the family is still on; if not, the family ends.
     */
    async rotate(token: string, now: Date, stillLive: (familyId: string) => Promise<boolean>) {
      const hash = hashRefreshToken(token);
      return sequelize.transaction(async (transaction): Promise<RotationOutcome> => {
        const row = await model.findOne({
          where: { token_hash: hash },
          lock: Transaction.LOCK.UPDATE,
          transaction,
        });
        if (!row) return { kind: 'invalid' };
        const current = row.get();
        if (current.revoked_at) return { kind: 'invalid' };
        const family = { userId: current.user_id, familyId: current.family_id };
        if (current.rotated_at) {
          await revokeFamilies(family, 'token_reuse', now, transaction);
          return { kind: 'reused', ...family };
        }
        if (current.expires_at.getTime() <= now.getTime() || !(await stillLive(current.family_id))) {
          await revokeFamilies(family, 'session_ended', now, transaction);
          return { kind: 'invalid' };
        }
        await row.update({ rotated_at: now }, { transaction });
        const next = newRefreshToken();
        await model.create(
          {
            id: randomUUID(),
            family_id: current.family_id,
            user_id: current.user_id,
            token_hash: next.hash,
            expires_at: current.expires_at,
            rotated_at: null,
            revoked_at: null,
            revoke_reason: null,
          },
          { transaction },
        );
        return { kind: 'rotated', token: next.token, ...family, expiresAt: current.expires_at };
      });
    },

    async familyOf(token: string): Promise<string | undefined> {
      const row = await model.findOne({
        where: { token_hash: hashRefreshToken(token), revoked_at: null },
        attributes: ['family_id'],
      });
      return row?.get().family_id;
    },

    revokeFamilies,
  };
}

export type RefreshTokens = ReturnType<typeof refreshTokens>;
