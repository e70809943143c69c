import test from 'ava';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyStoreSequelize, createSequelize } from '../../lib/clients/database';
import {
  AwsKmsProvider,
  DecryptionFailedError,
  decryptField,
  encryptField,
  KeyConfigurationError,
  Keyring,
  keyProviderFromConfig,
  LocalKeyFileProvider,
  localKekId,
  rewrapKeys,
} from '../../lib/crypto';
import { freshDatabase, superuserClient } from '../helpers/databases';
import { FakeKmsClient } from './helpers/fake-kms-client';
import { tempKekDir } from './helpers/temp-kek';

const dev = { env: 'development' } as const;
const ctx = { purpose: 'travelhub-data-key', data_class: 'pii', version: '1' };

test('SEC-DATA-02 local KEK provider: a wrapped key unwraps only with its KEK and its context', async (t) => {
  const provider = new LocalKeyFileProvider(randomBytes(32));
  const generated = await provider.generateDataKey(ctx);
  t.is(generated.plaintext.length, 32);
  t.is(generated.wrapped.length, 60);
  t.false(generated.wrapped.includes(generated.plaintext));
  t.deepEqual(await provider.unwrap(generated, ctx), generated.plaintext);
  await t.throwsAsync(provider.unwrap(generated, { ...ctx, data_class: 'payment' }), {
    instanceOf: DecryptionFailedError,
  });
  await t.throwsAsync(provider.unwrap(generated, { ...ctx, version: '2' }), {
    instanceOf: DecryptionFailedError,
  });
  const tampered = Buffer.from(generated.wrapped);
  tampered[20]! ^= 1;
  await t.throwsAsync(provider.unwrap({ ...generated, wrapped: tampered }, ctx), {
    instanceOf: DecryptionFailedError,
  });
  const otherKek = new LocalKeyFileProvider(randomBytes(32));
  await t.throwsAsync(otherKek.unwrap(generated, ctx), {
    instanceOf: KeyConfigurationError,
    message: /not configured/,
  });
  await t.throwsAsync(otherKek.unwrap({ ...generated, kekId: otherKek.currentKekId }, ctx), {
    instanceOf: DecryptionFailedError,
  });
});

test('SEC-DATA-02 the KEK is read only from a secret file holding 32 random bytes in base64', (t) => {
  const secrets = tempKekDir();
  try {
    const provider = keyProviderFromConfig(dev, { env: { SECRETS_DIR: secrets.dir } });
    t.is(provider.currentKekId, localKekId(secrets.kek));
    t.is(
      keyProviderFromConfig(dev, { env: { KEK_FILE: join(secrets.dir, 'kek') } }).currentKekId,
      provider.currentKekId,
    );
    t.throws(() => keyProviderFromConfig(dev, { env: {} }), {
      instanceOf: KeyConfigurationError,
      message: /missing/,
    });
    t.throws(
      () =>
        keyProviderFromConfig(dev, {
          env: { SECRETS_DIR: secrets.dir, KEK: secrets.kek.toString('base64') },
        }),
      {
        instanceOf: KeyConfigurationError,
        message: /mounted as files/,
      },
    );
    const malformed = [
      randomBytes(16).toString('base64'),
      randomBytes(32).toString('hex'),
      'changeme',
      `${randomBytes(32).toString('base64')}x`,
    ];
    for (const bad of malformed) {
      writeFileSync(join(secrets.dir, 'kek'), bad);
      t.throws(
        () => keyProviderFromConfig(dev, { env: { SECRETS_DIR: secrets.dir } }),
        { message: /32 random bytes/ },
        bad,
      );
    }
  } finally {
    secrets.remove();
  }
});

test('SEC-DATA-02 in production the KEK file must not be readable by group or others', (t) => {
  const secrets = tempKekDir();
  const env = { SECRETS_DIR: secrets.dir };
  try {
    t.notThrows(() => keyProviderFromConfig({ env: 'production' }, { env }));
    chmodSync(join(secrets.dir, 'kek'), 0o644);
    t.throws(() => keyProviderFromConfig({ env: 'production' }, { env }), { message: /chmod 600/ });
    t.notThrows(() => keyProviderFromConfig(dev, { env }));
  } finally {
    secrets.remove();
  }
});

test('SEC-DATA-02 AWS KMS provider wraps data keys through the injected client with the encryption context', async (t) => {
  const kms = new FakeKmsClient(['alias/travelhub-kek']);
  const provider = new AwsKmsProvider(kms, 'alias/travelhub-kek');
  t.is(provider.currentKekId, 'aws-kms:alias/travelhub-kek');
  const generated = await provider.generateDataKey(ctx);
  t.deepEqual(kms.calls[0], { op: 'generateDataKey', KeyId: 'alias/travelhub-kek', EncryptionContext: ctx });
  t.deepEqual(await provider.unwrap(generated, ctx), generated.plaintext);
  t.like(kms.calls[1], { op: 'decrypt', KeyId: 'alias/travelhub-kek', EncryptionContext: ctx });
  await t.throwsAsync(provider.unwrap(generated, { ...ctx, data_class: 'payment' }), {
    instanceOf: DecryptionFailedError,
  });
  const rewrapped = await provider.wrap(generated.plaintext, ctx);
  t.deepEqual(await provider.unwrap(rewrapped, ctx), generated.plaintext);
  await t.throwsAsync(provider.unwrap({ ...generated, kekId: 'local:0011223344556677' }, ctx), {
    instanceOf: KeyConfigurationError,
  });
  const kmsConfig = { ...dev, keys: { provider: 'aws-kms' as const, awsKmsKeyId: 'k' } };
  t.throws(() => keyProviderFromConfig(kmsConfig, { env: {} }), {
    message: /needs a KMS client/,
  });
  t.true(
    keyProviderFromConfig(kmsConfig, {
      env: {},
      kmsClient: kms,
    }) instanceof AwsKmsProvider,
  );
});

test('SEC-DATA-02 AWS KMS provider: the keyring keeps KMS-wrapped keys in Postgres and works end to end', async (t) => {
  const db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  const keyStore = createKeyStoreSequelize(db.config, 'app');
  try {
    const kms = new FakeKmsClient(['arn:aws:kms:eu-west-1:111122223333:key/test']);
    const keyring = new Keyring({
      provider: new AwsKmsProvider(kms, 'arn:aws:kms:eu-west-1:111122223333:key/test'),
      sequelize,
      keyStore,
    });
    const loc = { table: 'customer_profiles', column: 'full_name_encrypted', rowId: randomUUID() };
    const userId = randomUUID();
    const a = await encryptField(keyring, 'cus_kms', loc, { dataClass: 'payment' });
    const b = await encryptField(keyring, 'Ada', loc, { userId });
    keyring.clearCache();
    t.is(await decryptField(keyring, a, loc), 'cus_kms');
    t.is(await decryptField(keyring, b, loc, { userId }), 'Ada');
    t.true(kms.calls.some((c) => c.op === 'decrypt' && c.EncryptionContext?.user_id === userId));
    const rows = [];
    for (const [database, table] of [
      [db.name, 'data_keys'],
      [db.keyStoreName, 'user_keys'],
    ] as const) {
      const su = await superuserClient(database);
      try {
        rows.push(...(await su.query(`SELECT kek_id FROM ${table}`)).rows);
      } finally {
        await su.end();
      }
    }
    t.true(rows.length >= 2);
    t.true(rows.every((r) => r.kek_id === 'aws-kms:arn:aws:kms:eu-west-1:111122223333:key/test'));
  } finally {
    await sequelize.close();
    await keyStore.close();
    await db.drop();
  }
});

test('SEC-DATA-02 KEK rotation re-wraps every data and user key; the old KEK is then not needed', async (t) => {
  const db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  const keyStore = createKeyStoreSequelize(db.config, 'app');
  try {
    const kek1 = randomBytes(32);
    const kek2 = randomBytes(32);
    const before = new Keyring({ provider: new LocalKeyFileProvider(kek1), sequelize, keyStore });
    const loc = { table: 'customer_profiles', column: 'phone_encrypted', rowId: randomUUID() };
    const userId = randomUUID();
    const shreddedUser = randomUUID();
    const classCt = await encryptField(before, '+447700900123', loc, { dataClass: 'pii' });
    const userCt = await encryptField(before, '+447700900124', loc, { userId });
    await before.userKey(shreddedUser, { create: true });
    await before.shredUserKey(shreddedUser);

    const during = new Keyring({ provider: new LocalKeyFileProvider(kek2, [kek1]), sequelize, keyStore });
    t.deepEqual(await rewrapKeys(during), { dataKeys: 1, userKeys: 1 });
    t.deepEqual(await rewrapKeys(during), { dataKeys: 0, userKeys: 0 });

    const after = new Keyring({ provider: new LocalKeyFileProvider(kek2), sequelize, keyStore });
    t.is(await decryptField(after, classCt, loc), '+447700900123');
    t.is(await decryptField(after, userCt, loc, { userId }), '+447700900124');
    const stale = new Keyring({ provider: new LocalKeyFileProvider(kek1), sequelize, keyStore });
    await t.throwsAsync(decryptField(stale, classCt, loc), { instanceOf: KeyConfigurationError });
  } finally {
    await sequelize.close();
    await keyStore.close();
    await db.drop();
  }
});
