import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import type { DataClass } from './data-class';
import { DataKeyStore, type DataKeyRow } from './data-key-store';
import { isKeyVersion } from './field-ciphertext';
import { KeyInUseError, KeyRetiredError, KeyShreddedError, UnknownKeyError } from './errors';
import {
  dataKeyContext,
  userKeyContext,
  type KeyProvider,
  type WrappedKey,
  type WrapContext,
} from './key-provider';
import { LruTtlCache } from './lru-ttl-cache';
import { UserKeyStore } from './user-key-store';

/** Counts rows whose ciphertexts (or blind indexes) still use a key version. */
export type KeyUsageCounter = (dataClass: DataClass, version: number) => Promise<number>;

export interface VersionedKey {
  version: number;
  key: KeyObject;
}

export interface KeyringOptions {
  provider: KeyProvider;
  /** The app-role connection holding `data_keys` and `user_keys`. */
  sequelize: Sequelize;
  /** Most unwrapped keys kept in memory. Default 10,000. */
  maxCachedKeys?: number;
  /** How long an unwrapped class key stays cached. Default 15 minutes. */
  classKeyTtlMs?: number;
  /** How long an unwrapped user key stays cached: bounds how late a shred reaches other processes. Default 60 s. */
  userKeyTtlMs?: number;
  /** How long "which version is active" is cached: bounds how late a rotation reaches other processes. Default 60 s. */
  activeVersionTtlMs?: number;
  /** How long after a rotation the old version may be retired. Default 2 × activeVersionTtlMs. */
  retireGraceMs?: number;
  now?: () => number;
}

type CacheValue = KeyObject | VersionedKey | VersionedKey[];

/**
 * Resolves data keys: class keys by (class, version), the active version of a class, and per-user
 * keys; creates, rotates and retires them. Unwrapped keys are KeyObjects (outside the JS heap) in a
 * bounded cache with TTL; concurrent misses for one key share a single unwrap.
 */
export class Keyring {
  readonly provider: KeyProvider;
  readonly dataKeys: DataKeyStore;
  readonly userKeys: UserKeyStore;
  private readonly cache: LruTtlCache<CacheValue>;
  private readonly inflight = new Map<string, Promise<CacheValue>>();
  /** Bumped by every invalidation; a load that started before one does not fill the cache. */
  private epoch = 0;
  private readonly classKeyTtlMs: number;
  private readonly userKeyTtlMs: number;
  private readonly activeVersionTtlMs: number;
  readonly retireGraceMs: number;

  constructor(options: KeyringOptions) {
    this.provider = options.provider;
    this.dataKeys = new DataKeyStore(options.sequelize);
    this.userKeys = new UserKeyStore(options.sequelize);
    this.classKeyTtlMs = options.classKeyTtlMs ?? 15 * 60_000;
    this.userKeyTtlMs = options.userKeyTtlMs ?? 60_000;
    this.activeVersionTtlMs = options.activeVersionTtlMs ?? 60_000;
    this.retireGraceMs = options.retireGraceMs ?? 2 * this.activeVersionTtlMs;
    this.cache = new LruTtlCache<CacheValue>(
      { maxEntries: options.maxCachedKeys ?? 10_000, ttlMs: this.classKeyTtlMs },
      options.now,
    );
  }

  /** Number of cached entries (keys and active-version pointers). */
  get cachedEntries(): number {
    return this.cache.size;
  }

  /** Drops every unwrapped key from memory. */
  clearCache(): void {
    this.cache.clear();
  }

  /** The key a class-keyed ciphertext names. Retired and unknown versions are refused. */
  async classKey(dataClass: DataClass, version: number): Promise<KeyObject> {
    if (!isKeyVersion(version)) throw new UnknownKeyError(`no ${dataClass} key version ${version}`);
    return this.cached(`class:${dataClass}:${version}`, this.classKeyTtlMs, async () => {
      const row = await this.dataKeys.find(dataClass, version);
      if (!row) throw new UnknownKeyError(`no ${dataClass} key version ${version}`);
      if (row.status === 'retired')
        throw new KeyRetiredError(`${dataClass} key version ${version} is retired`);
      return this.unwrap(row, dataKeyContext(dataClass, version));
    }) as Promise<KeyObject>;
  }

  /** The version new writes of a class use; the class's first key is created on first use. */
  async activeKey(dataClass: DataClass): Promise<VersionedKey> {
    return this.cached(`active:${dataClass}`, this.activeVersionTtlMs, async () => {
      const row = (await this.dataKeys.active(dataClass)) ?? (await this.createFirstKey(dataClass));
      return { version: row.version, key: await this.classKey(dataClass, row.version) };
    }) as Promise<VersionedKey>;
  }

  /** Every version still usable for reading (active and retiring), newest first: blind-index lookups. */
  async readableKeys(dataClass: DataClass): Promise<VersionedKey[]> {
    return this.cached(`readable:${dataClass}`, this.activeVersionTtlMs, async () => {
      await this.activeKey(dataClass);
      const rows = (await this.dataKeys.list(dataClass)).filter((r) => r.status !== 'retired');
      return Promise.all(
        rows.map(async (r) => ({ version: r.version, key: await this.classKey(dataClass, r.version) })),
      );
    }) as Promise<VersionedKey[]>;
  }

  /**
   * The user's own data key (SEC-DATA-04). With `create`, a user without one gets one. A shredded
   * user's key is gone for good: KeyShreddedError, for reads and writes alike.
   */
  async userKey(userId: string, options: { create: boolean }): Promise<KeyObject> {
    const id = userId.toLowerCase();
    return this.cached(`user:${id}`, this.userKeyTtlMs, async () => {
      let row = await this.userKeys.find(id);
      if (!row && options.create) {
        const generated = await this.provider.generateDataKey(userKeyContext(id));
        generated.plaintext.fill(0);
        await this.userKeys.insertIfAbsent(id, generated);
        row = await this.userKeys.find(id);
      }
      if (!row) throw new UnknownKeyError(`user ${id} has no data key`);
      if (row.shredded) throw new KeyShreddedError(id);
      return this.unwrap(row.key, userKeyContext(id));
    }) as Promise<KeyObject>;
  }

  /** Crypto-shredding: destroys the user's wrapped key and forgets the unwrapped one here. */
  async shredUserKey(userId: string): Promise<void> {
    const id = userId.toLowerCase();
    await this.userKeys.shred(id);
    this.invalidate(`user:${id}`);
  }

  /** Rotation: a new version becomes the one new writes use; the previous one becomes `retiring`. */
  async rotate(dataClass: DataClass): Promise<number> {
    const row = await this.dataKeys.withClassLock(dataClass, async (t) => {
      const version = await this.dataKeys.nextVersion(dataClass, t);
      const generated = await this.provider.generateDataKey(dataKeyContext(dataClass, version));
      generated.plaintext.fill(0);
      await this.dataKeys.markRetiring(dataClass, t);
      return this.dataKeys.insertActive(dataClass, version, generated, t);
    });
    this.invalidate(`active:${dataClass}`, `readable:${dataClass}`);
    return row.version;
  }

  /**
   * Retires a version once nothing uses it: refused while it is active, while `usage` counts rows
   * still under it, or within the grace period after rotation (other processes may still write
   * with it). A retired version no longer decrypts.
   */
  async retire(dataClass: DataClass, version: number, usage: KeyUsageCounter): Promise<void> {
    const row = await this.dataKeys.find(dataClass, version);
    if (!row) throw new UnknownKeyError(`no ${dataClass} key version ${version}`);
    if (row.status === 'retired') return;
    if (row.status === 'active') {
      throw new KeyInUseError(`${dataClass} key version ${version} is active; rotate before retiring it`);
    }
    const rows = await usage(dataClass, version);
    if (rows > 0) {
      throw new KeyInUseError(
        `${rows} rows still use ${dataClass} key version ${version}; re-encrypt them first`,
        rows,
      );
    }
    const retired = await this.dataKeys.withClassLock(dataClass, (t) =>
      this.dataKeys.retire(dataClass, version, this.retireGraceMs, t),
    );
    if (!retired) {
      throw new KeyInUseError(
        `${dataClass} key version ${version} was replaced less than ${this.retireGraceMs} ms ago; retry later`,
      );
    }
    this.invalidate(`class:${dataClass}:${version}`, `readable:${dataClass}`);
  }

  private invalidate(...cacheKeys: string[]): void {
    this.epoch += 1;
    for (const k of cacheKeys) {
      this.cache.delete(k);
      this.inflight.delete(k);
    }
  }

  private async createFirstKey(dataClass: DataClass): Promise<DataKeyRow> {
    return this.dataKeys.withClassLock(dataClass, async (t) => {
      const existing = await this.dataKeys.active(dataClass, t);
      if (existing) return existing;
      const version = await this.dataKeys.nextVersion(dataClass, t);
      const generated = await this.provider.generateDataKey(dataKeyContext(dataClass, version));
      generated.plaintext.fill(0);
      return this.dataKeys.insertActive(dataClass, version, generated, t);
    });
  }

  private async unwrap(key: WrappedKey, context: WrapContext): Promise<KeyObject> {
    const raw = await this.provider.unwrap(key, context);
    try {
      return createSecretKey(raw);
    } finally {
      raw.fill(0);
    }
  }

  private async cached(
    cacheKey: string,
    ttlMs: number,
    load: () => Promise<CacheValue>,
  ): Promise<CacheValue> {
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const pending = this.inflight.get(cacheKey);
    if (pending) return pending;
    const epoch = this.epoch;
    const promise = load()
      .then((value) => {
        if (epoch === this.epoch) this.cache.set(cacheKey, value, ttlMs);
        return value;
      })
      .finally(() => {
        if (this.inflight.get(cacheKey) === promise) this.inflight.delete(cacheKey);
      });
    this.inflight.set(cacheKey, promise);
    return promise;
  }
}
