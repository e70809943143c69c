import type { Client } from '@opensearch-project/opensearch';
import {
  aliasName,
  concreteIndexName,
  concretePattern,
  INVENTORY_KINDS,
  type InventoryKind,
} from './index-names';
import { MAPPINGS, SETTINGS } from './mappings';

type Body = Record<string, never>;

/** A fresh stamp for the next concrete index: sortable, so the newest is easy to tell. */
export const newStamp = (now = Date.now()) =>
  `${now.toString(36)}${Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;

/** Creates an empty concrete index with the kind's explicit mapping (no alias yet). */
export async function createConcreteIndex(
  client: Client,
  alias: string,
  kind: InventoryKind,
  stamp = newStamp(),
) {
  const index = concreteIndexName(alias, stamp);
  await client.indices.create({
    index,
    body: { settings: SETTINGS, mappings: MAPPINGS[kind] } as unknown as Body,
  });
  return index;
}

/** The concrete indices the alias points at now (one, or none before the first setup). */
export async function indicesBehind(client: Client, alias: string): Promise<string[]> {
  const exists = await client.indices.existsAlias({ name: alias });
  if (!exists.body) return [];
  const answer = await client.indices.getAlias({ name: alias });
  return Object.keys(answer.body as Record<string, unknown>);
}

export async function indexExists(client: Client, index: string): Promise<boolean> {
  return Boolean((await client.indices.exists({ index })).body);
}

/**
 * Points the alias at `next` and away from every index it named before, in one
 * `_aliases` call: readers see the old index or the new one, never none or both.
 * Then drops every other concrete index of the alias (old data and abandoned partial builds).
 */
export async function swapAlias(client: Client, alias: string, next: string): Promise<void> {
  const previous = await indicesBehind(client, alias);
  const actions = [
    ...previous.filter((index) => index !== next).map((index) => ({ remove: { index, alias } })),
    { add: { index: next, alias } },
  ];
  await client.indices.updateAliases({ body: { actions } as unknown as Body });
  const all = await client.indices.get({ index: concretePattern(alias), expand_wildcards: 'open' });
  const stale = Object.keys(all.body as Record<string, unknown>).filter((index) => index !== next);
  if (stale.length > 0) await client.indices.delete({ index: stale.join(',') });
}

/**
 * The migration step (tools/search-index): every alias exists and points at an index with the
 * explicit mapping. Idempotent: an alias already there is left as it is (a full reindex by the
 * inventory sync is what replaces an index).
 */
export async function ensureSearchIndices(
  client: Client,
  prefix: string,
): Promise<Record<InventoryKind, string>> {
  const result = {} as Record<InventoryKind, string>;
  for (const kind of INVENTORY_KINDS) {
    const alias = aliasName(prefix, kind);
    const current = await indicesBehind(client, alias);
    const existing = current[0];
    if (existing !== undefined) {
      result[kind] = existing;
      continue;
    }
    const index = await createConcreteIndex(client, alias, kind);
    await swapAlias(client, alias, index);
    result[kind] = index;
  }
  return result;
}

/** Removes every alias and index of a prefix (tests' cleanup). */
export async function dropSearchIndices(client: Client, prefix: string): Promise<void> {
  for (const kind of INVENTORY_KINDS) {
    await client.indices.delete({
      index: concretePattern(aliasName(prefix, kind)),
      ignore_unavailable: true,
    });
  }
}
