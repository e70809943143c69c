/* global window, crypto, TextEncoder, btoa */
'use strict';
// SEC-AUTH-04: solves the platform's own login challenge (GET /api/v1/auth/challenge) in the page.
// Not the altcha widget: the server expects nothing the widget alone makes (only the payload
// below), and a few lines here need no third-party script, stylesheet or worker under the page's
// CSP. The format is altcha-lib v2's, deterministic mode: find the counter whose derived key,
// SHA-x(salt ‖ nonce ‖ counter as big-endian uint32), iterated `cost` times and cut to
// `keyLength` bytes, starts with `keyPrefix`; answer base64 of JSON `{challenge, solution}`, which
// lib/auth/captcha-altcha.ts verifies with altcha-lib's verifySolution.
(function () {
  // The highest difficulty the server can be configured with (ALTCHA_MAX_NUMBER's upper bound):
  // past it the challenge is not one this page can solve, and it says so instead of spinning.
  const MAX_COUNTER = 10_000_000;
  // Digests started together: Web Crypto answers asynchronously, so one at a time mostly waits.
  const BATCH = 500;
  const ALGORITHMS = ['SHA-256', 'SHA-384', 'SHA-512'];

  const hexToBytes = (hex) => Uint8Array.from(hex.match(/../g) || [], (pair) => parseInt(pair, 16));
  const bytesToHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

  async function derivedKey(parameters, input) {
    let data = input;
    for (let i = 0; i < Math.max(1, parameters.cost); i += 1) {
      data = new Uint8Array(await crypto.subtle.digest(parameters.algorithm, data));
    }
    return data.subarray(0, parameters.keyLength || 32);
  }

  /** The input for one counter: salt ‖ nonce ‖ uint32 big-endian (altcha-lib's PasswordBuffer). */
  function inputFor(salt, nonce, counter) {
    const input = new Uint8Array(salt.length + nonce.length + 4);
    input.set(salt, 0);
    input.set(nonce, salt.length);
    new DataView(input.buffer).setUint32(salt.length + nonce.length, counter, false);
    return input;
  }

  /** `{counter, derivedKey}` for the challenge; throws when it cannot be solved here. */
  async function solve(challenge) {
    const parameters = challenge && challenge.parameters;
    if (!parameters || !ALGORITHMS.includes(parameters.algorithm)) {
      throw new Error('this sign-in check is not supported by the page');
    }
    const salt = hexToBytes(parameters.salt);
    const nonce = hexToBytes(parameters.nonce);
    const prefix = String(parameters.keyPrefix).toLowerCase();
    const prefixBytes = Math.ceil(prefix.length / 2);
    const matches = (key) => bytesToHex(key.subarray(0, prefixBytes)).startsWith(prefix);
    for (let start = 0; start <= MAX_COUNTER; start += BATCH) {
      const counters = Array.from({ length: BATCH }, (_, i) => start + i);
      const keys = await Promise.all(counters.map((n) => derivedKey(parameters, inputFor(salt, nonce, n))));
      const found = keys.findIndex(matches);
      if (found >= 0) return { counter: counters[found], derivedKey: bytesToHex(keys[found]) };
    }
    throw new Error('the sign-in check could not be solved');
  }

  /** The login's `captchaToken`: the challenge as issued (its signature covers it) and the solution. */
  async function solvedToken(challenge) {
    const solution = await solve(challenge);
    const payload = {
      challenge: { parameters: challenge.parameters, signature: challenge.signature },
      solution,
    };
    const utf8 = new TextEncoder().encode(JSON.stringify(payload));
    return btoa(Array.from(utf8, (b) => String.fromCharCode(b)).join(''));
  }

  window.loginChallenge = { solvedToken };
})();
