import { api, problemText, refreshCsrf, type Answer } from '../api';
import { announce, busy, errorBox, field, formValues, h } from '../dom';
import { go } from '../router';
import { loadMe } from '../session';

/** login-challenge.js (served beside /signin, loaded by the page): SEC-AUTH-04's challenge solver. */
declare global {
  interface Window {
    loginChallenge?: { solvedToken(challenge: unknown): Promise<string> };
  }
}

/**
 * SEC-AUTH-04: past 5 failures for a login name the API wants a solved challenge; past its limit a
 * request with one still gets through. Solve it here and send the login once more, as /signin does.
 */
async function loginWithChallenge(values: Record<string, string>): Promise<Answer> {
  announce('Checking you are not a robot…');
  const challenge = await api('GET', '/api/v1/auth/challenge');
  if (challenge.status !== 200) return challenge;
  if (!window.loginChallenge) throw new Error('the sign-in check script did not load');
  const captchaToken = await window.loginChallenge.solvedToken(challenge.json);
  return api('POST', '/api/v1/auth/login', { ...values, captchaToken });
}

/** `#/signin`: email and password, then the MFA code when the account has MFA on. */
export async function signinPage(main: HTMLElement): Promise<void> {
  const problem = errorBox();
  const mfa = h('input', {
    name: 'mfaCode',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
  });
  const mfaField = field('Code from your authenticator app (or a recovery code)', mfa);
  mfaField.hidden = true;
  const form = h(
    'form',
    { id: 'signin-form' },
    field('Email', h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true })),
    field(
      'Password',
      h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    ),
    mfaField,
    problem.element,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  main.append(
    h('h1', {}, 'Sign in'),
    form,
    h('p', {}, 'New here? ', h('a', { href: '#/signup' }, 'Create an account')),
    h('p', {}, h('a', { href: '/signin' }, 'Forgot your password?')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      problem.clear();
      const values = formValues(form);
      let answer = await api('POST', '/api/v1/auth/login', values);
      const code = answer.json.error_code;
      if (code === 'CHALLENGE_REQUIRED' || code === 'RATE_LIMITED') {
        try {
          answer = await loginWithChallenge(values);
        } catch (err) {
          problem.show(`The sign-in check failed: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
      }
      if (answer.status === 200) {
        announce('Signed in.');
        await loadMe();
        go('/search');
      } else if (answer.json.error_code === 'MFA_REQUIRED') {
        mfaField.hidden = false;
        mfa.required = true;
        mfa.focus();
        problem.show('Enter the code from your authenticator app, then sign in again.');
      } else {
        problem.show(problemText(answer));
        problem.element.focus();
      }
    });
  });
}

/** `#/signup`: an account, then the link in the verification email. */
export async function signupPage(main: HTMLElement): Promise<void> {
  const problem = errorBox();
  const done = h('p', { id: 'signup-done', role: 'status', hidden: true });
  const form = h(
    'form',
    { id: 'signup-form' },
    field('Full name', h('input', { name: 'fullName', autocomplete: 'name', required: true })),
    field('Email', h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true })),
    field(
      'Password',
      h('input', {
        name: 'password',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        minlength: 15,
      }),
      'At least 15 characters. A passphrase of several words is easiest.',
    ),
    problem.element,
    h('button', { type: 'submit', class: 'primary' }, 'Create account'),
  );
  main.append(h('h1', {}, 'Create an account'), form, done);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      problem.clear();
      const answer = await api<{ message?: string }>('POST', '/api/v1/auth/signup', formValues(form));
      if (answer.status !== 202) {
        problem.show(problemText(answer));
        problem.element.focus();
        return;
      }
      form.hidden = true;
      done.textContent = `${answer.json.message ?? 'Check your email.'} Open the link in it to verify your address, then sign in.`;
      done.hidden = false;
    });
  });
}

/** A link from an email: `#verify-email=<token>` (the token rides in the fragment, never sent to a server). */
export async function followEmailLink(main: HTMLElement, token: string): Promise<void> {
  const answer = await api('POST', '/api/v1/auth/verify-email', { token });
  await refreshCsrf();
  main.replaceChildren(
    h('h1', {}, answer.status === 200 ? 'Email address verified' : 'Verification failed'),
    h(
      'p',
      { role: 'status' },
      answer.status === 200 ? 'Thank you. You can sign in and book now.' : problemText(answer),
    ),
    h('p', {}, h('a', { href: '#/signin' }, 'Sign in')),
  );
}

export async function signOut(): Promise<void> {
  await api('POST', '/api/v1/auth/logout');
  await refreshCsrf();
  await loadMe();
  announce('Signed out.');
  go('/signin');
}
