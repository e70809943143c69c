import { SECRET_MASK } from './value-masks';

/** Redis commands whose arguments carry a password (AUTH, HELLO … AUTH, ACL SETUSER, MIGRATE … AUTH). */
const CREDENTIAL_COMMANDS = new Set(['auth', 'hello', 'acl', 'migrate', 'config']);

/**
 * A client command as errors carry it (ioredis puts `{ name, args }` on a ReplyError): the
 * arguments of a command that can hold a password are masked whole, since a password there has
 * no field name or shape to tell it by (SEC-LOG-02; a refused login after a rotation logs one).
 */
export function maskedCredentialCommand(value: object): { name: string; args: string } | undefined {
  const command = value as { name?: unknown; args?: unknown };
  if (typeof command.name !== 'string' || !Array.isArray(command.args)) return undefined;
  if (!CREDENTIAL_COMMANDS.has(command.name.toLowerCase())) return undefined;
  return { name: command.name, args: SECRET_MASK };
}
