import { ConnectionError, type Sequelize } from 'sequelize';
import { previousSecretName } from '../config/secrets';
import { liveSecret } from './live-secret';

interface DialectConnector {
  connect(config: { password: string | null }): Promise<unknown>;
}

/** Postgres `invalid_password`: the role exists but the password is not (or no longer) its own. */
const refusedPassword = (err: unknown) =>
  err instanceof ConnectionError && (err.parent as { code?: string } | undefined)?.code === '28P01';

/**
 * SEC-CFG-02: every new connection logs in with the password file as it is now, and, when Postgres
 * refuses it, once more with `<file>_previous` when that file exists. A role holds one password,
 * so during a rotation (new value in the file, the old one in `_previous`, then `ALTER ROLE`)
 * every process connects whichever of the two the role has at that moment, and connections
 * already open stay logged in. Sequelize's connection manager offers no other place that sees a
 * refused login, hence the wrap of the dialect's `connect`, which the pool calls per connection.
 */
export function loginWithCurrentOrPreviousPassword(
  sequelize: Sequelize,
  file: string,
  atStart: string | undefined,
): void {
  const current = liveSecret(file, atStart);
  const previous = liveSecret(previousSecretName(file), undefined);
  const connector = sequelize.connectionManager as unknown as DialectConnector;
  const connect = connector.connect.bind(connector);
  connector.connect = async (config) => {
    try {
      return await connect({ ...config, password: current() ?? null });
    } catch (err) {
      const fallback = previous();
      if (fallback === undefined || !refusedPassword(err)) throw err;
      return connect({ ...config, password: fallback });
    }
  };
}
