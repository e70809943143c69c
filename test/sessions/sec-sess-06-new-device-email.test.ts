import test from 'ava';
import { QueryTypes } from 'sequelize';
import { newDeviceEmail } from '../../services/accounts/new-device-email';
import { accountsHarness } from '../accounts/helpers/accounts-harness';
import { createUser } from '../accounts/helpers/accounts-data';
import { harnessSessionService } from '../accounts/helpers/harness-sessions';

// The accounts side as the API wires it (api/server.ts): the port hands the login to the outbox.
const h = accountsHarness('sess06-mail');

test.serial(
  'SEC-SESS-06 the new-device port queues the email to the account through the outbox',
  async (t) => {
    const user = await createUser(h.deps);
    const sessions = harnessSessionService(h, { notifyNewDevice: newDeviceEmail(() => h.deps) });
    const before = h.dispatched.length;
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';
    await sessions.startSession(user, { ip: '203.0.113.5', userAgent: firefox }, 'browser');
    t.is(h.dispatched.length, before, 'first sign-in: no mail');
    await sessions.startSession(user, { ip: '192.0.2.44', userAgent: firefox }, 'browser');
    t.is(h.dispatched.length, before + 1, 'new network: one mail');
    const [row] = await h.sequelize.query<{ template: string; status: string }>(
      'SELECT template, status FROM email_outbox WHERE id = :id',
      { replacements: { id: h.dispatched.at(-1) }, type: QueryTypes.SELECT },
    );
    t.is(row?.template, 'new_device');
  },
);
