import { api, problemText } from '../api';
import { announce, busy, errorBox, field, formValues, h } from '../dom';
import { moment } from '../format';
import { loadMe, me } from '../session';

interface SessionRow {
  id: string;
  device: string;
  ip: string;
  createdAt?: string;
  lastSeenAt: string;
  current: boolean;
}

const codeInput = (name = 'mfaCode') =>
  h('input', { name, inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}' });

/** A form posting its values to one route, saying the outcome in words. */
function actionForm(
  id: string,
  title: string,
  controls: HTMLElement[],
  button: string,
  act: (values: Record<string, string>) => Promise<string>,
) {
  const problem = errorBox();
  const done = h('p', { role: 'status' });
  const form = h('form', { id }, ...controls, problem.element, h('button', { type: 'submit' }, button), done);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      problem.clear();
      done.textContent = '';
      try {
        done.textContent = await act(formValues(form));
        form.reset();
      } catch (err) {
        problem.show(err instanceof Error ? err.message : String(err));
      }
    });
  });
  return h('section', { 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), form);
}

async function sessionsSection(): Promise<HTMLElement> {
  const list = h('ul', { id: 'sessions' });
  const section = h(
    'section',
    { 'aria-labelledby': 'sessions-title' },
    h('h2', { id: 'sessions-title' }, 'Where you are signed in'),
    list,
  );
  const fill = async () => {
    const answer = await api<{ sessions: SessionRow[] }>('GET', '/api/v1/users/me/sessions');
    if (answer.status !== 200) return list.replaceChildren(h('li', { class: 'error' }, problemText(answer)));
    list.replaceChildren(
      ...answer.json.sessions.map((s) => {
        const item = h(
          'li',
          {},
          `${s.device} from ${s.ip}, last seen ${moment(s.lastSeenAt)}${s.current ? ' (this browser)' : ''} `,
        );
        if (!s.current) {
          const revoke = h('button', { type: 'button' }, `Sign out ${s.device}`);
          revoke.addEventListener('click', () => {
            void api('DELETE', `/api/v1/users/me/sessions/${s.id}`).then((a) => {
              announce(a.status < 300 ? `Signed out ${s.device}.` : problemText(a));
              return fill();
            });
          });
          item.append(revoke);
        }
        return item;
      }),
    );
  };
  await fill();
  return section;
}

function mfaSection(): HTMLElement {
  const section = h(
    'section',
    { 'aria-labelledby': 'mfa-title' },
    h('h2', { id: 'mfa-title' }, 'Two-step sign-in (MFA)'),
  );
  if (me()?.mfaEnabled) {
    section.append(h('p', {}, 'On. You sign in with a code from your authenticator app.'));
    return section;
  }
  const start = h('button', { type: 'button', id: 'mfa-start' }, 'Turn on MFA');
  const problem = errorBox();
  section.append(start, problem.element);
  start.addEventListener('click', () => {
    void busy(section, async () => {
      const answer = await api<{ secret: string }>('POST', '/api/v1/auth/mfa/enrolment');
      if (answer.status !== 201) return problem.show(problemText(answer));
      const confirm = actionForm(
        'mfa-confirm',
        'Confirm with a code',
        [field('Code', codeInput())],
        'Confirm',
        async (values) => {
          const done = await api<{ recoveryCodes: string[] }>(
            'POST',
            '/api/v1/auth/mfa/enrolment/confirm',
            values,
          );
          if (done.status !== 200) throw new Error(problemText(done));
          section.append(
            h('p', {}, 'Recovery codes (each works once; keep them safe, they are not shown again):'),
            h(
              'ul',
              { id: 'recovery-codes' },
              ...done.json.recoveryCodes.map((c) => h('li', {}, h('code', {}, c))),
            ),
          );
          await loadMe();
          return 'MFA is on. Your other sessions were signed out.';
        },
      );
      start.replaceWith(
        h(
          'p',
          {},
          'Add this secret to your authenticator app: ',
          h('code', { id: 'mfa-secret' }, answer.json.secret),
        ),
        confirm,
      );
    });
  });
  return section;
}

/** `#/account`: sessions and devices, MFA, password, data export, deletion. */
export async function accountPage(main: HTMLElement): Promise<void> {
  main.append(h('h1', {}, 'Your account'));
  const user = me();
  if (!user) {
    main.append(h('p', {}, h('a', { href: '#/signin' }, 'Sign in'), ' to manage your account.'));
    return;
  }
  main.append(
    h('p', {}, `${user.email} · email ${user.emailVerified ? 'verified' : 'not verified yet'}`),
    await sessionsSection(),
    mfaSection(),
    actionForm(
      'password-form',
      'Change password',
      [
        field(
          'Current password',
          h('input', {
            name: 'currentPassword',
            type: 'password',
            autocomplete: 'current-password',
            required: true,
          }),
        ),
        field(
          'New password',
          h('input', {
            name: 'newPassword',
            type: 'password',
            autocomplete: 'new-password',
            required: true,
            minlength: 15,
          }),
          'At least 15 characters.',
        ),
      ],
      'Change password',
      async (values) => {
        const answer = await api('POST', '/api/v1/users/me/password', values);
        if (answer.status !== 200) throw new Error(problemText(answer));
        return 'Password changed. Your other sessions were signed out.';
      },
    ),
    actionForm(
      'export-form',
      'Download your data',
      [field('MFA code', codeInput())],
      'Download',
      async (values) => {
        const answer = await fetch('/api/v1/users/me/export', {
          headers: { Accept: 'application/json', 'X-MFA-Code': values.mfaCode ?? '' },
          credentials: 'same-origin',
        });
        if (answer.status !== 200) {
          const body = (await answer.json().catch(() => ({}))) as { message?: string };
          throw new Error(body.message ?? `The export failed (HTTP ${answer.status}).`);
        }
        const link = h(
          'a',
          { href: URL.createObjectURL(await answer.blob()), download: 'travelhub-my-data.json' },
          'Save',
        );
        link.click();
        return 'Your data is downloading.';
      },
    ),
    actionForm(
      'delete-form',
      'Delete your account',
      [
        field(
          'Password',
          h('input', {
            name: 'password',
            type: 'password',
            autocomplete: 'current-password',
            required: true,
          }),
        ),
        field('MFA code (if MFA is on)', codeInput()),
      ],
      'Delete my account',
      async (values) => {
        const answer = await api<{ eraseAfter: string }>('DELETE', '/api/v1/users/me', values);
        if (answer.status !== 202) throw new Error(problemText(answer));
        return `Your account will be erased after ${moment(answer.json.eraseAfter)} unless you cancel before then.`;
      },
    ),
  );
}
