/* global document, window, history, FormData, fetch */
'use strict';
// The sign-in page's only script (served from this origin; the CSP allows no inline script).
// Auth cookies are HttpOnly: this script never sees them. It keeps the CSRF token the API
// hands out (GET /api/v1/auth/csrf, and the X-CSRF-Token header of the login answer).
(function () {
  let csrfToken = '';
  let resetToken = '';

  const $ = (id) => document.getElementById(id);
  const show = (id, on) => {
    $(id).hidden = !on;
  };
  const say = (text) => {
    $('status').textContent = text;
  };

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = {};
    }
    return { status: res.status, json, headers: res.headers };
  }

  async function refreshCsrf() {
    const answer = await api('GET', '/api/v1/auth/csrf');
    csrfToken = answer.json.csrfToken || '';
  }

  function formValues(form) {
    const values = {};
    for (const [name, value] of new FormData(form).entries()) {
      if (typeof value === 'string' && value !== '') values[name] = value;
    }
    return values;
  }

  function fill(list, items) {
    list.replaceChildren(
      ...items.map((text) => {
        const li = document.createElement('li');
        li.textContent = text;
        return li;
      }),
    );
  }

  async function showAccount() {
    const me = await api('GET', '/api/v1/users/me');
    if (me.status !== 200) {
      show('signed-in', false);
      show('signed-out', true);
      return false;
    }
    $('me-email').textContent = me.json.email;
    $('me-role').textContent = me.json.role;
    $('me-verified').textContent = me.json.emailVerified ? 'yes' : 'no';
    $('me-mfa').textContent = me.json.mfaEnabled ? 'on' : 'off';
    show('mfa-start', !me.json.mfaEnabled);
    const sessions = await api('GET', '/api/v1/users/me/sessions');
    fill(
      $('sessions'),
      (sessions.json.sessions || []).map(
        (s) => `${s.device} from ${s.ip}, last seen ${s.lastSeenAt}${s.current ? ' (this one)' : ''}`,
      ),
    );
    show('signed-out', false);
    show('signed-in', true);
    return true;
  }

  function problem(answer) {
    return (answer.json && answer.json.message) || `Request failed (${answer.status})`;
  }

  /** A 429's wait, from its Retry-After header, in words. */
  function waitText(answer) {
    const seconds = Number(answer.headers.get('Retry-After'));
    return seconds > 0 ? `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.` : 'Try again later.';
  }

  /**
   * SEC-AUTH-04: past 5 failures for a login name the API wants a solved challenge
   * (CHALLENGE_REQUIRED); during its progressive delay (LOGIN_DELAYED) or past its per-name limit
   * (RATE_LIMITED) a request carrying one still gets through, so the owner is never kept out by an
   * attacker's attempts. Either way: fetch a
   * challenge, solve it here (login-challenge.js), and send the login once more with it.
   */
  async function loginWithChallenge(form, values) {
    say('Checking you are not a robot…');
    form.setAttribute('aria-busy', 'true');
    try {
      const challenge = await api('GET', '/api/v1/auth/challenge');
      if (challenge.status !== 200) return challenge;
      const captchaToken = await window.loginChallenge.solvedToken(challenge.json);
      return await api('POST', '/api/v1/auth/login', { ...values, captchaToken });
    } finally {
      form.removeAttribute('aria-busy');
    }
  }

  async function onLogin(event) {
    event.preventDefault();
    const form = event.target;
    if (form.getAttribute('aria-busy') === 'true') return;
    const values = formValues(form);
    let answer = await api('POST', '/api/v1/auth/login', values);
    const code = answer.json.error_code;
    if (code === 'CHALLENGE_REQUIRED' || code === 'LOGIN_DELAYED' || code === 'RATE_LIMITED') {
      try {
        answer = await loginWithChallenge(form, values);
      } catch (err) {
        return say(`Sign-in check failed: ${err.message}`);
      }
    }
    if (answer.status === 200) {
      csrfToken = answer.headers.get('X-CSRF-Token') || csrfToken;
      form.reset();
      say('Signed in.');
      await showAccount();
    } else if (answer.json.error_code === 'MFA_REQUIRED') {
      say('Enter the code from your authenticator app, then sign in again.');
    } else if (answer.status === 429) {
      say(`Too many attempts. ${waitText(answer)}`);
    } else {
      say(problem(answer));
    }
  }

  async function onSignup(event) {
    event.preventDefault();
    const answer = await api('POST', '/api/v1/auth/signup', formValues(event.target));
    say(answer.status === 202 ? answer.json.message : problem(answer));
    if (answer.status === 202) event.target.reset();
  }

  async function onForgot(event) {
    event.preventDefault();
    const answer = await api('POST', '/api/v1/auth/password-reset', formValues(event.target));
    say(answer.status === 202 ? answer.json.message : problem(answer));
  }

  async function onReset(event) {
    event.preventDefault();
    const { password } = formValues(event.target);
    const answer = await api('POST', '/api/v1/auth/password-reset/complete', { token: resetToken, password });
    if (answer.status === 200) {
      show('reset', false);
      say('Password changed. Sign in with the new password.');
      await showAccount();
    } else {
      say(problem(answer));
    }
  }

  async function onMfaStart() {
    const answer = await api('POST', '/api/v1/auth/mfa/enrolment');
    if (answer.status !== 201) return say(problem(answer));
    $('mfa-secret').textContent = answer.json.secret;
    show('mfa-enrol', true);
    say('Scan or type the secret, then confirm with a code.');
  }

  async function onMfaConfirm(event) {
    event.preventDefault();
    const answer = await api('POST', '/api/v1/auth/mfa/enrolment/confirm', formValues(event.target));
    if (answer.status !== 200) return say(problem(answer));
    show('mfa-enrol', false);
    fill($('recovery-codes'), answer.json.recoveryCodes);
    show('recovery', true);
    say('MFA is on. Your other sessions were signed out.');
    await showAccount();
  }

  async function onLogout() {
    await api('POST', '/api/v1/auth/logout');
    show('recovery', false);
    await refreshCsrf();
    say('Signed out.');
    await showAccount();
  }

  /** Links from emails carry their token in the fragment, which is never sent to a server. */
  async function followEmailLink() {
    const match = /^#(verify-email|reset-password)=([A-Za-z0-9_-]{43})$/.exec(window.location.hash);
    if (!match) return;
    history.replaceState(null, '', window.location.pathname);
    if (match[1] === 'verify-email') {
      const answer = await api('POST', '/api/v1/auth/verify-email', { token: match[2] });
      say(answer.status === 200 ? 'Email address verified.' : problem(answer));
    } else {
      resetToken = match[2];
      show('reset', true);
    }
  }

  async function start() {
    $('login-form').addEventListener('submit', onLogin);
    $('signup-form').addEventListener('submit', onSignup);
    $('forgot-form').addEventListener('submit', onForgot);
    $('reset-form').addEventListener('submit', onReset);
    $('mfa-start').addEventListener('click', onMfaStart);
    $('mfa-confirm-form').addEventListener('submit', onMfaConfirm);
    $('logout').addEventListener('click', onLogout);
    window.addEventListener('hashchange', () => {
      followEmailLink().catch((err) => say(`Something went wrong: ${err.message}`));
    });
    await refreshCsrf();
    await followEmailLink();
    await showAccount();
    document.body.dataset.ready = 'true';
  }

  start().catch((err) => say(`Something went wrong: ${err.message}`));
})();
