/** The two inventories search serves; each has one alias that every read goes through. */
export type InventoryKind = 'hotels' | 'flights';
export const INVENTORY_KINDS: readonly InventoryKind[] = ['hotels', 'flights'];

const PREFIX = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** `<prefix>-<kind>`: the alias reads use. A bad prefix stops here, not in an OpenSearch error. */
export function aliasName(prefix: string, kind: InventoryKind): string {
  if (!PREFIX.test(prefix)) throw new Error('search index prefix must be 1-40 of a-z, 0-9, _ and -');
  return `${prefix}-${kind}`;
}

/** A concrete index behind the alias: `<alias>-<stamp>`; a full reindex builds the next one. */
export function concreteIndexName(alias: string, stamp: string): string {
  if (!/^[a-z0-9]{1,32}$/.test(stamp)) throw new Error('index stamp must be 1-32 of a-z and 0-9');
  return `${alias}-${stamp}`;
}

/** Every concrete index of an alias, for cleaning up after a swap. */
export const concretePattern = (alias: string) => `${alias}-*`;
