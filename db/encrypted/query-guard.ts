import { EncryptedAttributeMisuseError } from './errors';

const MAX_DEPTH = 32;

function referenced(name: string, forbidden: Set<string>): string | undefined {
  // `$assoc.attr$` and `assoc.attr` reach attributes of included models; check the last part too.
  const bare = name.replace(/^\$|\$$/g, '');
  const last = bare.split('.').pop() ?? bare;
  if (forbidden.has(bare)) return bare;
  if (forbidden.has(last)) return last;
  return undefined;
}

function walk(
  node: unknown,
  forbidden: Set<string>,
  seen: WeakSet<object>,
  depth: number,
): string | undefined {
  if (node === null || typeof node !== 'object' || depth > MAX_DEPTH || seen.has(node)) return undefined;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) {
      const hit = walk(item, forbidden, seen, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  const record = node as Record<string | symbol, unknown>;
  for (const key of Reflect.ownKeys(record)) {
    if (typeof key === 'string') {
      const hit = referenced(key, forbidden);
      if (hit) return hit;
    }
    const value = record[key];
    // sequelize.col('email') and sequelize.where(col, …) carry the name as a value.
    if (key === 'col' && typeof value === 'string') {
      const hit = referenced(value, forbidden);
      if (hit) return hit;
    }
    if (key === 'attribute' && typeof value === 'string') {
      const hit = referenced(value, forbidden);
      if (hit) return hit;
    }
    const hit = walk(value, forbidden, seen, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Refuses a where clause that filters on an encrypted attribute: it would send the plaintext to
 * the database (and its logs) and never match a ciphertext. Lookups go through the blind index.
 */
export function assertWhereAvoidsPlaintext(where: unknown, forbidden: Set<string>, table: string): void {
  const hit = walk(where, forbidden, new WeakSet(), 0);
  if (hit) {
    throw new EncryptedAttributeMisuseError(
      `${table}.${hit} is encrypted and cannot be queried; use its blind index (findAllByBlindIndex)`,
    );
  }
}
