import type { Model, ModelStatic, Sequelize, Transaction } from 'sequelize';
import { decryptInstances } from './decrypt-instances';
import { encryptedModelSpec, plaintextAttributes, type EncryptedModelSpec } from './encrypted-model-spec';
import { assertWhereAvoidsPlaintext } from './query-guard';
import { selectWhatDecryptionNeeds } from './select-what-decryption-needs';

interface IncludeOptions {
  model?: ModelStatic<Model>;
  where?: unknown;
  attributes?: unknown;
  include?: unknown;
}

function encryptedIncludes(
  include: unknown,
  out: EncryptedModelSpec[],
  visit: (i: IncludeOptions, s: EncryptedModelSpec) => void,
) {
  if (!Array.isArray(include)) return;
  for (const item of include as IncludeOptions[]) {
    const spec = item?.model && encryptedModelSpec(item.model);
    if (spec) {
      out.push(spec);
      visit(item, spec);
    }
    encryptedIncludes(item?.include, out, visit);
  }
}

const installed = new WeakSet<Sequelize>();

/**
 * Hooks on the whole Sequelize instance, so encrypted models reached through another model's
 * `include` are protected too: their `where` may not name encrypted attributes (nor may the outer
 * `$assoc.attr$` form), an explicit attribute list also selects what decryption needs, and every
 * find result is decrypted, included rows too.
 */
export function installSequelizeHooks(sequelize: Sequelize): void {
  if (installed.has(sequelize)) return;
  installed.add(sequelize);
  // After this hook point Sequelize has normalized every include to { model, where, … }.
  sequelize.addHook('beforeFindAfterExpandIncludeAll', 'fieldEncryption', (options: IncludeOptions) => {
    const specs: EncryptedModelSpec[] = [];
    encryptedIncludes(options.include, specs, (item, spec) => {
      assertWhereAvoidsPlaintext(item.where, plaintextAttributes(spec), spec.table);
      selectWhatDecryptionNeeds(item, spec);
    });
    for (const spec of specs)
      assertWhereAvoidsPlaintext(options.where, plaintextAttributes(spec), spec.table);
  });
  sequelize.addHook(
    'afterFind',
    'fieldEncryption',
    (result: unknown, options: { transaction?: Transaction }) =>
      decryptInstances(result, options.transaction ?? undefined),
  );
}
