/**
 * What a field's name says about its value (SEC-LOG-02). Names are compared lower-cased with
 * every non-alphanumeric removed, so `X-CSRF-Token`, `refresh_token` and `refreshToken` are one
 * name. The lists err towards masking: a masked harmless field costs little, a leaked secret a lot.
 */
export type KeyRule = 'drop' | 'secret' | 'card' | 'passport' | 'phone' | 'email';

interface NamePattern {
  rule: KeyRule;
  contains: string[];
  exact: string[];
}

// Checked in this order: `cardCvv` is dropped, `emailToken` is a secret.
const PATTERNS: NamePattern[] = [
  {
    rule: 'drop',
    contains: ['cvv', 'cvc', 'securitycode', 'cardverification'],
    exact: ['csc', 'cvn', 'cvd', 'cav2'],
  },
  {
    rule: 'secret',
    contains: [
      'password',
      'passwd',
      'passphrase',
      'secret',
      'token',
      'apikey',
      'privatekey',
      'accesskey',
      'signingkey',
      'encryptionkey',
      'authorization',
      'cookie',
      'credential',
      'signature',
      'recoverycode',
      'mfacode',
      'otpcode',
      'totp',
    ],
    exact: ['pwd', 'pass', 'auth', 'otp', 'pin', 'jwt', 'kek', 'dek'],
  },
  {
    rule: 'card',
    contains: ['cardnumber', 'creditcard', 'ccnumber', 'primaryaccountnumber'],
    exact: ['pan', 'ccnum', 'cardno', 'cardnum'],
  },
  { rule: 'passport', contains: ['passport'], exact: ['documentnumber', 'nationalid'] },
  { rule: 'phone', contains: ['phone', 'mobile', 'msisdn'], exact: ['tel', 'telephone', 'fax'] },
  { rule: 'email', contains: ['email'], exact: ['mail'] },
];

const NOT_NORMAL = /[^a-z0-9]/;

export function normalizeKey(key: string): string {
  const lower = key.toLowerCase();
  return NOT_NORMAL.test(lower) ? lower.replace(/[^a-z0-9]/g, '') : lower;
}

interface CompiledPattern {
  rule: KeyRule;
  exact: ReadonlySet<string>;
  contains: RegExp;
}

// Built once: a Set for the exact names and one alternation for the parts (all plain a-z0-9).
const COMPILED: readonly CompiledPattern[] = PATTERNS.map((pattern) => ({
  rule: pattern.rule,
  exact: new Set(pattern.exact),
  contains: new RegExp(pattern.contains.join('|')),
}));

// Every log record is walked field by field, and its field names are nearly always the same few
// dozen: their rules are remembered (a pure function of the name), up to a bound.
const REMEMBERED_KEYS = 1_024;
const remembered = new Map<string, KeyRule | null>();

/** The rule for a field name, or undefined when the name says nothing about sensitivity. */
export function keyRule(key: string): KeyRule | undefined {
  const known = remembered.get(key);
  if (known !== undefined) return known ?? undefined;
  const rule = ruleOf(key);
  if (remembered.size < REMEMBERED_KEYS && key.length <= 64) remembered.set(key, rule ?? null);
  return rule;
}

function ruleOf(key: string): KeyRule | undefined {
  const name = normalizeKey(key);
  if (name === '') return undefined;
  for (const pattern of COMPILED) {
    if (pattern.exact.has(name) || pattern.contains.test(name)) return pattern.rule;
  }
  return undefined;
}
