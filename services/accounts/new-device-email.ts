import type { NewDeviceNotifier } from '../sessions';
import type { AccountsDeps } from './deps';
import { dispatchQueued, queueEmail } from './outbox';

/**
 * SEC-SESS-06's email: the sessions service reports a login from a new device or network, and
 * this queues the notification to the account's address through the outbox (the workflow input
 * carries the row id only).
 */
export function newDeviceEmail(deps: () => AccountsDeps): NewDeviceNotifier {
  return async (login) => {
    const accounts = deps();
    const user = await accounts.models.User.findByPk(login.userId);
    if (!user?.email) return;
    const outboxId = await accounts.sequelize.transaction((transaction) =>
      queueEmail(accounts, transaction, 'new_device', user.email!, {
        ip: login.ip,
        device: login.device,
        at: login.at.toISOString(),
      }),
    );
    await dispatchQueued(accounts, [outboxId]);
  };
}
