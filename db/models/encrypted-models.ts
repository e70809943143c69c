import type { Model, ModelStatic, Sequelize } from 'sequelize';
import { encryptedModelSpec } from '../encrypted';
import { bookingModels } from './booking-models';
import { identityModels } from './identity';
import { paymentModels } from './payment-models';

/**
 * Every model with an encrypted attribute or a blind index, initialized on `sequelize` (its
 * keyring attached). Key rotation re-encrypts, and `Keyring.retire` counts, exactly these: a
 * model missing here would keep rows under a retired key (test/keys/encrypted-models.test.ts
 * checks every `initEncryptedModel` in db/models is listed).
 */
export function encryptedModels(sequelize: Sequelize): ModelStatic<Model>[] {
  const all: ModelStatic<Model>[] = [
    ...Object.values(identityModels(sequelize)),
    ...Object.values(bookingModels(sequelize)),
    ...Object.values(paymentModels(sequelize)),
  ];
  return all.filter((model) => encryptedModelSpec(model) !== undefined);
}
