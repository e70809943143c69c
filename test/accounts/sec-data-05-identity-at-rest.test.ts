import test from 'ava';
import { findOneByBlindIndex } from '../../db/encrypted';
import { inviteToCompany } from '../../services/accounts/invitations';
import { requestPasswordReset, updateMe } from '../../services/accounts';
import { superuserClient } from '../helpers/databases';
import { accountsHarness } from './helpers/accounts-harness';
import { createCompany, createUser, enrolMfa, newEmail, ORIGIN } from './helpers/accounts-data';

const h = accountsHarness('sec-data-05-identity');

test.serial(
  'SEC-DATA-05 identity tables hold no plaintext email, name, phone, TOTP secret or email token',
  async (t) => {
    const user = await createUser(h.deps);
    const actor = { id: user.id, role: user.role };
    await updateMe(h.deps, actor, { fullName: 'Rosalind Franklin', phone: '+442071234567' });
    const { secret } = await enrolMfa(h.deps, user);
    requestPasswordReset(h.deps, user.email, ORIGIN);
    await h.deps.background.drain();
    const admin = await createUser(h.deps, {
      role: 'BUSINESS_ADMIN',
      companyId: await createCompany(h.deps),
    });
    const invitee = newEmail('invitee');
    await inviteToCompany(
      h.deps,
      { id: admin.id, role: 'BUSINESS_ADMIN', companyId: admin.companyId },
      admin.companyId!,
      invitee,
      ORIGIN,
    );
    const links = await Promise.all(
      h.dispatched.map(
        async (id) =>
          JSON.parse((await h.deps.models.EmailOutbox.findByPk(id))!.payload!) as { link?: string },
      ),
    );
    const tokens = links.map((l) => l.link?.split('=')[1]).filter((x): x is string => !!x);
    t.true(tokens.length >= 3);
    t.truthy(await findOneByBlindIndex(h.deps.models.User, 'email', user.email));

    // Raw rows, read as the Postgres superuser with plain pg: what a backup or a stolen disk shows.
    const pg = await superuserClient(h.db.name);
    try {
      const dump: string[] = [];
      for (const table of [
        'users',
        'customer_profiles',
        'user_mfa',
        'email_outbox',
        'company_invitations',
        'account_tokens',
      ]) {
        const { rows } = await pg.query(`SELECT * FROM ${table}`);
        dump.push(JSON.stringify(rows));
      }
      const all = dump.join('\n').toLowerCase();
      for (const plain of [user.email, invitee, 'rosalind', '2071234567', secret, ...tokens]) {
        t.false(all.includes(plain.toLowerCase()), `plaintext found: ${plain.slice(0, 6)}…`);
      }
    } finally {
      await pg.end();
    }
  },
);
