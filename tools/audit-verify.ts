import { createSequelize } from '../lib/clients/database';
import { loadAuditVerifyKeys, verifyAuditChain, type AuditVerification } from '../lib/audit';
import { config } from '../lib/config';

/**
 * Operator command (SEC-LOG-04): verifies the audit chain and checkpoint signatures.
 *   node --import tsx tools/audit-verify.ts [--json]
 * Exit 0 when the log verifies, 1 naming the first bad sequence, 2 when it could not verify.
 * Reads with the app role (SELECT only); public keys from AUDIT_SIGNING_KEY_PUB_FILE or
 * $SECRETS_DIR/audit_signing_key.pub.
 */
function describe(result: AuditVerification): string {
  const from = result.anchor === 'genesis' ? 'genesis' : `checkpoint ${result.anchor}`;
  const counts = `${result.events} events, ${result.checkpoints} signed checkpoints`;
  if (result.ok) {
    return result.events === 0
      ? `OK audit log is empty (${result.checkpoints} checkpoints)`
      : `OK audit chain verified from ${from} to sequence ${result.lastSequence}: ${counts}`;
  }
  return `FAIL first bad row: sequence ${result.sequence}: ${result.reason}\n(verified before it: ${counts}, from ${from})`;
}

async function main(): Promise<number> {
  const keys = loadAuditVerifyKeys();
  const sequelize = createSequelize(config(), 'app');
  try {
    const result = await verifyAuditChain(sequelize, keys);
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else console.log(describe(result));
    if (keys.size === 0)
      console.error('note: no audit verification keys configured; checkpoints cannot verify');
    return result.ok ? 0 : 1;
  } finally {
    await sequelize.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`audit-verify: could not verify: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
