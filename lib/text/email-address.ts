// One plain address: no display name, list, comment or quoting, so it cannot smuggle a header or a
// second recipient into a mail (the notify pool's senders check the same shape).
const PLAIN_ADDRESS =
  /^[^\s@<>(),;:"\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** True for one plain email address of at most 254 characters (`local@domain.tld`). */
export function isPlainEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && PLAIN_ADDRESS.test(value);
}
