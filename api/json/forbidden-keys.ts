/** Keys that can reach Object.prototype through a careless merge: refused anywhere (SEC-VAL-03). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
