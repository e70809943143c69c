import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import type { AuditEventInput } from '../audit';
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
import {
  assertMayManageKeys,
  keyRetiredEvent,
  keyRotatedEvent,
  type KeyAuditor,
  type KeyOperator,
} from './key-audit';
import { LruTtlCache } from './lru-ttl-cache';
import { UserKeyShreds } from './user-key-shreds';
import { UserKeyStore } from './user-key-store';

/** Counts rows whose ciphertexts (or blind indexes) still use a key version. */
export type KeyUsageCounter = (dataClass: DataClass, version: number) => Promise<number>;

export interface VersionedKey {
  version: number;
  key: KeyObject;
}

export interface KeyringOptions {
  provider: KeyProvider;
  /** The app-role connection to the main database: `data_keys`, the shred list, the audit log. */
  sequelize: Sequelize;
  /** The app-role connection to the key store, a database of its own holding `user_keys` (SEC-DATA-04). */
  keyStore: Sequelize;
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
  /** Audits rotations and retirements; without it the keyring refuses to rotate or retire. */
  audit?: KeyAuditor;
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
  readonly userKeyShreds: UserKeyShreds;
  private readonly cache: LruTtlCache<CacheValue>;
  private readonly inflight = new Map<string, Promise<CacheValue>>();
  /** Bumped by every invalidation; a load that started before one does not fill the cache. */
  private epoch = 0;
  private readonly classKeyTtlMs: number;
  private readonly userKeyTtlMs: number;
  private readonly activeVersionTtlMs: number;
  readonly retireGraceMs: number;
  private readonly audit: KeyAuditor | undefined;

  constructor(options: KeyringOptions) {
    this.audit = options.audit;
    this.provider = options.provider;
    this.dataKeys = new DataKeyStore(options.sequelize);
    this.userKeys = new UserKeyStore(options.keyStore);
    this.userKeyShreds = new UserKeyShreds(options.sequelize);
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
      const keys = await Promise.all(rows.map((r) => this.readableKey(dataClass, r.version)));
      return keys.filter((k) => k !== undefined);
    }) as Promise<VersionedKey[]>;
  }

  /**
   * A version listed as readable may be retired before its key loads. Retirement needs every row
   * off it first, so no value can be found under it any more: it is left out, not an error.
   */
  private async readableKey(dataClass: DataClass, version: number): Promise<VersionedKey | undefined> {
    try {
      return { version, key: await this.classKey(dataClass, version) };
    } catch (err) {
      if (err instanceof KeyRetiredError) return undefined;
      throw err;
    }
  }

  /**
   * The user's own data key (SEC-DATA-04). With `create`, a user without one gets one. A shredded
   * user's key is gone for good: KeyShreddedError, for reads and writes alike. A user on the shred
   * list whose key is back (a key store restored from an older backup) is shredded again here,
   * before any key is unwrapped or created.
   */
  async userKey(userId: string, options: { create: boolean }): Promise<KeyObject> {
    const id = userId.toLowerCase();
    return this.cached(`user:${id}`, this.userKeyTtlMs, async () => {
      let row = await this.userKeys.find(id);
      if (!row?.shredded && (await this.userKeyShreds.has(id))) {
        await this.userKeys.shred(id);
        throw new KeyShreddedError(id);
      }
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

  /**
   * Crypto-shredding: lists the user on the shred list (main database), then destroys the wrapped
   * key (key store) and forgets the unwrapped one here. Listed first, so a crash between the two
   * leaves a shred the next read or replay completes.
   */
  async shredUserKey(userId: string): Promise<void> {
    const id = userId.toLowerCase();
    await this.userKeyShreds.record(id);
    await this.userKeys.shred(id);
    this.invalidate(`user:${id}`);
  }

  /**
   * Rotation: a new version becomes the one new writes use; the previous one becomes `retiring`.
   * Audited as `key.rotated` in the same transaction; a person needs `manage_keys`.
   */
  async rotate(dataClass: DataClass, by: KeyOperator): Promise<number> {
    const audit = await this.auditFor(by, () => keyRotatedEvent(by, dataClass, 'denied', {}));
    const row = await this.dataKeys.withClassLock(dataClass, async (t) => {
      const version = await this.dataKeys.nextVersion(dataClass, t);
      const generated = await this.provider.generateDataKey(dataKeyContext(dataClass, version));
      generated.plaintext.fill(0);
      const previous = await this.dataKeys.active(dataClass, t);
      await this.dataKeys.markRetiring(dataClass, t);
      const inserted = await this.dataKeys.insertActive(dataClass, version, generated, t);
      const versions = { ...(previous ? { fromVersion: previous.version } : {}), toVersion: version };
      await audit.inTransaction(t, keyRotatedEvent(by, dataClass, 'success', versions));
      return inserted;
    });
    this.invalidate(`active:${dataClass}`, `readable:${dataClass}`);
    return row.version;
  }

  /**
   * Retires a version once nothing uses it: refused while it is active, while `usage` counts rows
   * still under it, or within the grace period after rotation (other processes may still write
   * with it). A retired version no longer decrypts. Audited as `key.retired`, refusals included.
   */
  async retire(
    dataClass: DataClass,
    version: number,
    usage: KeyUsageCounter,
    by: KeyOperator,
  ): Promise<void> {
    const audit = await this.auditFor(by, () => keyRetiredEvent(by, dataClass, version, 'denied'));
    const refuse = async (error: Error, reason: string): Promise<never> => {
      await audit.append(keyRetiredEvent(by, dataClass, version, 'failure', reason));
      throw error;
    };
    const row = await this.dataKeys.find(dataClass, version);
    if (!row) return refuse(new UnknownKeyError(`no ${dataClass} key version ${version}`), 'unknown_version');
    if (row.status === 'retired') return;
    if (row.status === 'active') {
      const message = `${dataClass} key version ${version} is active; rotate before retiring it`;
      return refuse(new KeyInUseError(message), 'active');
    }
    const rows = await usage(dataClass, version);
    if (rows > 0) {
      const message = `${rows} rows still use ${dataClass} key version ${version}; re-encrypt them first`;
      return refuse(new KeyInUseError(message, rows), 'in_use');
    }
    const retired = await this.dataKeys.withClassLock(dataClass, async (t) => {
      const done = await this.dataKeys.retire(dataClass, version, this.retireGraceMs, t);
      if (done) await audit.inTransaction(t, keyRetiredEvent(by, dataClass, version, 'success'));
      return done;
    });
    if (!retired) {
      const message = `${dataClass} key version ${version} was replaced less than ${this.retireGraceMs} ms ago; retry later`;
      return refuse(new KeyInUseError(message), 'grace_period');
    }
    this.invalidate(`class:${dataClass}:${version}`, `readable:${dataClass}`);
  }

  /** The auditor, once the operator may manage keys; a refused person is audited, then refused. */
  private async auditFor(by: KeyOperator, denied: () => AuditEventInput): Promise<KeyAuditor> {
    const audit = this.audit;
    if (!audit) throw new Error('this keyring has no audit writer: key changes must be audited (SEC-LOG-03)');
    try {
      assertMayManageKeys(by);
    } catch (err) {
      await audit.append(denied());
      throw err;
    }
    return audit;
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
