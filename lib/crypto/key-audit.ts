import type { Sequelize, Transaction } from 'sequelize';
import {
  appendInTransaction,
  newAuditEvent,
  validateAuditEvent,
  type AuditEvent,
  type AuditEventInput,
  type AuditOutcome,
  type AuditWriter,
} from '../audit';
import { assertCan, isActor, type Actor } from '../rbac';
import type { DataClass } from './data-class';

/**
 * Who rotates or retires a key: a person through a service (their role must hold `manage_keys`),
 * or the system itself (a schedule or an operator command run on the host), named by its job.
 */
export type KeyOperator = { actor: Actor; originIp: string } | { system: string };

/** How the keyring audits its changes (SEC-LOG-03, PCI DSS 10.2.1: key rotation). Injected. */
export interface KeyAuditor {
  /** Inside the key change's own transaction: a change that cannot be audited does not happen. */
  inTransaction(transaction: Transaction, event: AuditEventInput): Promise<unknown>;
  /** Refusals, which change nothing. */
  append(event: AuditEventInput): Promise<unknown>;
}

/** The audit writer over the keyring's own database (`data_keys` and `audit_events` live together). */
export function keyAuditor(sequelize: Sequelize, writer: AuditWriter): KeyAuditor {
  return {
    inTransaction: (transaction, event) =>
      appendInTransaction(sequelize, transaction, validateAuditEvent(event)),
    append: (event) => writer.append(event),
  };
}

/** SEC-AUTHZ-02: the keyring checks a person's permission itself, whatever called it. */
export function assertMayManageKeys(operator: KeyOperator): void {
  if ('actor' in operator) assertCan(operator.actor, 'manage_keys');
}

function whoAndWhere(operator: KeyOperator): Pick<AuditEvent, 'actor' | 'originIp'> {
  if ('system' in operator) return { actor: { type: 'system', id: operator.system }, originIp: null };
  const { actor, originIp } = operator;
  const type = isActor(actor) && actor.role === 'PLATFORM_ADMIN' ? 'admin' : 'user';
  return { actor: { type, id: isActor(actor) ? actor.id : 'anonymous' }, originIp };
}

export function keyRotatedEvent(
  operator: KeyOperator,
  dataClass: DataClass,
  outcome: AuditOutcome,
  versions: { fromVersion?: number; toVersion?: number },
): AuditEventInput {
  return newAuditEvent({
    type: 'key.rotated',
    ...whoAndWhere(operator),
    outcome,
    resource: { type: 'data_key', id: dataClass },
    details: { keyClass: dataClass, ...versions },
  });
}

export function keyRetiredEvent(
  operator: KeyOperator,
  dataClass: DataClass,
  version: number,
  outcome: AuditOutcome,
  reason?: string,
): AuditEventInput {
  return newAuditEvent({
    type: 'key.retired',
    ...whoAndWhere(operator),
    outcome,
    resource: { type: 'data_key', id: `${dataClass}:${version}` },
    details: { keyClass: dataClass, version, ...(reason ? { reason } : {}) },
  });
}
