import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import type { AuditWriter } from '../audit';
import type { SessionService } from './index';
import type { NewDeviceNotifier } from './types';

export interface SessionDeps {
  redis: Redis;
  sequelize: Sequelize;
  audit: Pick<AuditWriter, 'append'>;
  notifyNewDevice?: NewDeviceNotifier;
}

export function createSessionService(_deps: SessionDeps): SessionService {
  throw new Error('sessions: not implemented yet');
}
