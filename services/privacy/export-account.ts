import { Op, QueryTypes, type Sequelize } from 'sequelize';
import { identityModels } from '../../db/models/identity';
import { errors } from '../../lib/errors';

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/**
 * The account as its owner may see it: login email, role, company, profile (decrypted: it is the
 * owner asking, after a step-up), whether MFA is on and how many recovery codes are left. Never
 * a secret: no password hash, no TOTP secret, no recovery code hashes, no Stripe customer id.
 */
export async function exportAccount(sequelize: Sequelize, userId: string) {
  const { User, CustomerProfile, Company, UserMfa, MfaRecoveryCode } = identityModels(sequelize);
  const user = await User.findByPk(userId);
  if (!user) throw errors.notFound('User');
  const profile = await CustomerProfile.findOne({
    where: { user_id: userId },
    attributes: ['id', 'user_id', 'full_name', 'phone', 'email', 'date_of_birth', 'passport_number'],
  });
  const company = user.company_id ? await Company.findByPk(user.company_id) : null;
  const mfa = await UserMfa.findOne({
    where: { user_id: userId, confirmed_at: { [Op.ne]: null } },
    attributes: ['id', 'user_id', 'confirmed_at'],
  });
  const recoveryCodesLeft = await MfaRecoveryCode.count({ where: { user_id: userId, used_at: null } });
  return {
    id: user.id,
    email: user.email,
    emailVerifiedAt: iso(user.email_verified_at),
    role: user.role,
    company: company ? { id: company.id, name: company.name } : null,
    createdAt: iso(user.createdAt),
    lockedUntil: iso(user.locked_until),
    profile: profile && {
      fullName: profile.full_name,
      phone: profile.phone,
      email: profile.email,
      dateOfBirth: profile.date_of_birth,
      // In full, unlike every other answer (SEC-DATA-03 masks it): this is the owner's right of
      // access, behind a step-up, audited as pii.exported (docs/privacy-export.md).
      passportNumber: profile.passport_number,
    },
    mfa: {
      enabled: mfa !== null,
      confirmedAt: iso(mfa?.confirmed_at),
      recoveryCodesLeft: mfa ? recoveryCodesLeft : 0,
    },
  };
}

export type ExportedAccount = Awaited<ReturnType<typeof exportAccount>>;

const DEVICES = `
  SELECT encode(fingerprint, 'hex') AS fingerprint, first_seen_at, last_seen_at
  FROM known_devices WHERE user_id = $1 ORDER BY first_seen_at, fingerprint`;
const TOKEN_FAMILIES = `
  SELECT family_id, min(created_at) AS created_at, max(expires_at) AS expires_at,
    max(revoked_at) AS revoked_at, max(revoke_reason) AS revoke_reason, count(*)::int AS rotations
  FROM refresh_tokens WHERE user_id = $1 GROUP BY family_id ORDER BY min(created_at), family_id`;
const ACCOUNT_TOKENS = `
  SELECT purpose, created_at, expires_at, consumed_at
  FROM account_tokens WHERE user_id = $1 ORDER BY created_at, id`;

interface DeviceRow {
  fingerprint: string;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
}
interface FamilyRow {
  family_id: string;
  created_at: Date | null;
  expires_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
  rotations: number;
}
interface TokenRow {
  purpose: string;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
}

/**
 * What the platform remembers of the user's sign-ins besides the live sessions: the device and
 * network pairs (SEC-SESS-06: only a keyed fingerprint is stored, given as it is), the refresh
 * token families (one per session ever started; no token hash) and the one-time account tokens
 * (verification, reset: purpose and times, no hash).
 */
export async function exportSignIns(sequelize: Sequelize, userId: string) {
  const read = <T extends object>(sql: string) =>
    sequelize.query<T>(sql, { bind: [userId], type: QueryTypes.SELECT });
  const [devices, families, tokens] = await Promise.all([
    read<DeviceRow>(DEVICES),
    read<FamilyRow>(TOKEN_FAMILIES),
    read<TokenRow>(ACCOUNT_TOKENS),
  ]);
  return {
    knownDevices: devices.map((d) => ({
      fingerprint: d.fingerprint,
      firstSeenAt: iso(d.first_seen_at),
      lastSeenAt: iso(d.last_seen_at),
    })),
    sessionHistory: families.map((f) => ({
      id: f.family_id,
      startedAt: iso(f.created_at),
      expiresAt: iso(f.expires_at),
      endedAt: iso(f.revoked_at),
      endReason: f.revoke_reason,
      refreshes: f.rotations - 1,
    })),
    accountTokens: tokens.map((t) => ({
      purpose: t.purpose,
      createdAt: iso(t.created_at),
      expiresAt: iso(t.expires_at),
      usedAt: iso(t.consumed_at),
    })),
  };
}
