import { Readable } from 'node:stream';
import { personEvent } from '../../lib/audit';
import { AppError, errors } from '../../lib/errors';
import { isActor, type Actor } from '../../lib/rbac';
import type { ExportOrigin, ExportStepUpProof, PrivacyExportDeps } from './export-deps';
import { exportDocument, type ExportCounter } from './export-document';

type Outcome = 'success' | 'failure' | 'denied';

function audited(
  deps: PrivacyExportDeps,
  actor: Actor,
  origin: ExportOrigin,
  outcome: Outcome,
  details = {},
) {
  return deps.audit.append(
    personEvent(actor, origin, {
      type: 'pii.exported',
      outcome,
      resource: { type: 'user', id: actor.id },
      details: { format: 'json', ...details },
    }),
  );
}

/** The document, and a `failure` event with how far it got when reading breaks mid-way. */
async function* auditedDocument(deps: PrivacyExportDeps, actor: Actor, origin: ExportOrigin) {
  const count: ExportCounter = { records: 0 };
  try {
    yield* exportDocument(deps, actor, count);
  } catch (err) {
    await audited(deps, actor, origin, 'failure', { records: count.records }).catch(() => undefined);
    throw err;
  }
}

/**
 * SEC-PRIV-01: every personal datum the platform holds about the caller, as one JSON document
 * (docs/privacy-export.md). Only the signed-in user's own data, so no permission beyond being
 * signed in; a fresh MFA step-up first (SEC-AUTH-06: a stolen session alone takes nothing away),
 * refused ones audited `denied`. The `success` event is committed before the first byte is
 * produced, so no export leaves unaudited. The answer is a stream: the caller sends it as it reads.
 */
export async function exportMyData(
  deps: PrivacyExportDeps,
  actor: Actor | null | undefined,
  proof: ExportStepUpProof,
  origin: ExportOrigin,
): Promise<Readable> {
  if (!isActor(actor)) throw errors.authenticationRequired();
  try {
    await deps.stepUp(actor, proof, origin);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      await audited(deps, actor, origin, 'denied', { reason: err.code });
    }
    throw err;
  }
  await audited(deps, actor, origin, 'success');
  return Readable.from(auditedDocument(deps, actor, origin), { objectMode: false });
}
