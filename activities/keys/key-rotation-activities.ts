import { ApplicationFailure } from '@temporalio/activity';
import type { Sequelize } from 'sequelize';
import { keyringOf, modelKeyUsage } from '../../db/encrypted';
import { encryptedModels } from '../../db/models/encrypted-models';
import { isDataClass, KeyInUseError, type DataClass, type Keyring, type KeyOperator } from '../../lib/crypto';
import { reencryptInBatches, type ReencryptInput, type ReencryptResult } from './reencrypt-data-class';

/** Who rotates and retires in the audit events (`key.rotated`, `key.retired`): the workflow. */
export const KEY_ROTATION_OPERATOR: KeyOperator = { system: 'key-rotation-workflow' };

export interface KeyRotationDeps {
  /** The app role with the process keyring attached (workers/maintenance.ts). */
  sequelize: Sequelize;
}

export interface RotatedKey {
  /** The version new writes use from now on. */
  toVersion: number;
  /** Every older version not yet retired, oldest first: what the workflow re-encrypts and retires. */
  retiring: number[];
  /** How long after the rotation other processes may still write under an old version. */
  graceMs: number;
}

export interface RetireResult {
  retired: boolean;
  /** When refused: rows still under the version (0 when refused for another reason, e.g. the grace). */
  rowsUsingKey: number;
}

function dataClassOf(value: unknown): DataClass {
  if (typeof value !== 'string' || !isDataClass(value)) {
    throw ApplicationFailure.nonRetryable(`unknown data class ${String(value)}`, 'InvalidWorkflowInput');
  }
  return value;
}

async function versionsOf(keyring: Keyring, dataClass: DataClass): Promise<RotatedKey> {
  const keys = await keyring.dataKeys.list(dataClass);
  const toVersion = keys.find((k) => k.status === 'active')?.version ?? 0;
  const retiring = keys
    .filter((k) => k.status === 'retiring' && k.version < toVersion)
    .map((k) => k.version)
    .sort((a, b) => a - b);
  return { toVersion, retiring, graceMs: keyring.retireGraceMs };
}

/**
 * The steps of the key-rotation workflow (SEC-DATA-02), over every encrypted model
 * (db/models/encrypted-models.ts). Models are initialized on first use, so a pool that never
 * rotates needs no keyring.
 */
export function createKeyRotationActivities({ sequelize }: KeyRotationDeps) {
  const models = () => encryptedModels(sequelize);
  return {
    /** The version new writes of the class use now (the first key is created if none exists). */
    async activeDataKeyVersion({ dataClass }: { dataClass: DataClass }): Promise<number> {
      return (await keyringOf(sequelize).activeKey(dataClassOf(dataClass))).version;
    },

    /**
     * Rotates unless it already happened: only while `fromVersion` is still the active version, so
     * a retry after a rotation whose completion was lost does not make a second one. Audited
     * `key.rotated` by the keyring.
     */
    async rotateDataKeyFrom({
      dataClass,
      fromVersion,
    }: {
      dataClass: DataClass;
      fromVersion: number;
    }): Promise<RotatedKey> {
      const keyring = keyringOf(sequelize);
      const cls = dataClassOf(dataClass);
      const active = await keyring.dataKeys.active(cls);
      if (!active || active.version === fromVersion) await keyring.rotate(cls, KEY_ROTATION_OPERATOR);
      return versionsOf(keyring, cls);
    },

    /** The same answer without rotating: finishing the versions an earlier rotation left `retiring`. */
    async dataKeyVersions({ dataClass }: { dataClass: DataClass }): Promise<RotatedKey> {
      return versionsOf(keyringOf(sequelize), dataClassOf(dataClass));
    },

    /** Batches of re-encryption, heartbeated (activities/keys/reencrypt-data-class.ts). */
    async reencryptDataClass(input: ReencryptInput): Promise<ReencryptResult> {
      return reencryptInBatches(models(), { ...input, dataClass: dataClassOf(input.dataClass) });
    },

    /**
     * Retires the version if no row of any encrypted model uses it (the keyring counts them and
     * audits `key.retired`, refusals included). A refusal is an answer, not a failure: the
     * workflow re-encrypts again or waits.
     */
    async retireDataKeyVersion({
      dataClass,
      version,
    }: {
      dataClass: DataClass;
      version: number;
    }): Promise<RetireResult> {
      try {
        await keyringOf(sequelize).retire(
          dataClassOf(dataClass),
          version,
          modelKeyUsage(models()),
          KEY_ROTATION_OPERATOR,
        );
        return { retired: true, rowsUsingKey: 0 };
      } catch (err) {
        if (err instanceof KeyInUseError) return { retired: false, rowsUsingKey: err.rowsUsingKey };
        throw err;
      }
    },
  };
}

export type KeyRotationActivities = ReturnType<typeof createKeyRotationActivities>;
export type { ReencryptInput, ReencryptResult } from './reencrypt-data-class';
