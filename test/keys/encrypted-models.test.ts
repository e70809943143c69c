import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { encryptedModelSpec } from '../../db/encrypted';
import { encryptedModels } from '../../db/models/encrypted-models';
import { createSequelize } from '../../lib/clients/database';
import { loadConfig } from '../../lib/config';

const MODELS_DIR = join(__dirname, '..', '..', 'db', 'models');

test('SEC-DATA-02 the key-rotation registry lists every model with an encrypted attribute', async (t) => {
  // Every model file calling initEncryptedModel, by the table it declares.
  const declared = readdirSync(MODELS_DIR)
    .map((f) => readFileSync(join(MODELS_DIR, f), 'utf8'))
    .filter((src) => src.includes('initEncryptedModel('))
    .map((src) => /tableName: '([a-z_]+)'/.exec(src)?.[1])
    .sort();
  t.true(declared.length >= 10);
  const sequelize = createSequelize(loadConfig(), 'app'); // models only: nothing is queried
  try {
    const listed = encryptedModels(sequelize)
      .map((model) => encryptedModelSpec(model)!.table)
      .sort();
    t.deepEqual(listed, declared);
  } finally {
    await sequelize.close();
  }
});
