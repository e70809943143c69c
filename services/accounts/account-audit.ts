import type { Transaction } from 'sequelize';
import {
  appendInTransaction,
  newAuditEvent,
  validateAuditEvent,
  type AuditEventType,
  type AuditOutcome,
  type DetailValue,
} from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { AccountsDeps, Origin } from './deps';

export interface AccountAuditEvent {
  type: AuditEventType;
  outcome: AuditOutcome;
  /** Who acted; anonymous for signup, login and reset requests. */
  actor?: Actor | { anonymous: true } | { userId: string } | { system: string };
  resource: { type: string; id: string };
  details?: Record<string, DetailValue>;
}

function auditActor(actor: AccountAuditEvent['actor']) {
  if (!actor || 'anonymous' in actor) return { type: 'anonymous' as const, id: 'anonymous' };
  if ('system' in actor) return { type: 'system' as const, id: actor.system };
  if ('userId' in actor) return { type: 'user' as const, id: actor.userId };
  return { type: actor.role === 'PLATFORM_ADMIN' ? ('admin' as const) : ('user' as const), id: actor.id };
}

function build(deps: AccountsDeps, event: AccountAuditEvent, origin: Origin) {
  return newAuditEvent(
    {
      type: event.type,
      outcome: event.outcome,
      actor: auditActor(event.actor),
      // A system actor (an operator command) has no client address.
      originIp: event.actor && 'system' in event.actor ? null : origin.ip,
      resource: event.resource,
      details: { ...event.details, ...(origin.requestId ? { requestId: origin.requestId } : {}) },
    },
    deps.now(),
  );
}

/** Appends inside the caller's transaction: the change and its audit row commit together. */
export async function auditInTransaction(
  deps: AccountsDeps,
  transaction: Transaction,
  event: AccountAuditEvent,
  origin: Origin,
): Promise<void> {
  await appendInTransaction(deps.sequelize, transaction, validateAuditEvent(build(deps, event, origin)));
}

/** Appends on its own (login outcomes, refusals): resolves once the row is committed. */
export async function audit(deps: AccountsDeps, event: AccountAuditEvent, origin: Origin): Promise<void> {
  await deps.audit.append(build(deps, event, origin));
}
