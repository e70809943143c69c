import type { Sequelize } from 'sequelize';
import type { AuditWriter } from '../../../lib/audit';
import { assertStepUp, type AccountsDeps } from '../../../services/accounts';
import type { SessionService } from '../../../services/sessions';
import type { PrivacyApi } from './privacy-api';

/**
 * The API process's privacy services: the app database (its keyring attached by the account
 * composition: the owner's fields are decrypted), the audit writer, the account services' step-up
 * (SEC-AUTH-06, purpose `data_export`, with its failure limits), the session service's list of
 * the caller's sessions, and the platform's named rate limits (privacyExports).
 */
export function composePrivacy(
  clients: { sequelize: Sequelize },
  options: {
    audit: AuditWriter;
    accounts: AccountsDeps;
    sessions: Pick<SessionService, 'listSessions'>;
    rateLimit: PrivacyApi['rateLimit'];
  },
): PrivacyApi {
  return {
    export: {
      sequelize: clients.sequelize,
      audit: options.audit,
      stepUp: (actor, proof, origin) => assertStepUp(options.accounts, actor, proof, 'data_export', origin),
      listSessions: (actor) => options.sessions.listSessions(actor),
    },
    rateLimit: options.rateLimit,
  };
}
