import { Op, type Sequelize } from 'sequelize';
import { identityModels } from '../../db/models/identity';

/** Shown for a reviewer whose name is not there (none given, or erased: SEC-DATA-04's shredded key). */
export const ANONYMOUS_REVIEWER = 'Guest';

/**
 * "Ana Maria Pereira" → "Ana P.": the first name and the last name's initial, nothing more. The
 * full name stays encrypted in the profile; only this leaves the service.
 */
export function publicName(fullName: string | null | undefined): string {
  const parts = (fullName ?? '').trim().split(/\s+/u).filter(Boolean);
  const first = parts[0];
  if (!first) return ANONYMOUS_REVIEWER;
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  const initial = last ? Array.from(last)[0]?.toLocaleUpperCase() : undefined;
  return initial ? `${first} ${initial}.` : first;
}

/** The profile's full name; none when it cannot be read (an erased user's key is gone). */
function nameOf(profile: { full_name: string | null }): string | null {
  try {
    return profile.full_name;
  } catch {
    return null;
  }
}

/** The public names of these users, read from their encrypted profiles (the keyring decrypts). */
export async function reviewerNames(
  sequelize: Sequelize,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (userIds.length === 0) return names;
  const profiles = await identityModels(sequelize).CustomerProfile.findAll({
    where: { user_id: { [Op.in]: [...new Set(userIds)] } },
    attributes: ['id', 'user_id', 'full_name'],
  });
  for (const profile of profiles) {
    names.set(profile.user_id, publicName(nameOf(profile)));
  }
  return names;
}
