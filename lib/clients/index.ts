export {
  createKeyStoreSequelize,
  createRequestSequelize,
  createSequelize,
  type DatabaseRole,
} from './database';
export { createRedis, failFastRedis, type FailFastRedisOptions } from './redis';
export { createOpenSearch } from './opensearch';
export {
  connectTemporal,
  createTemporalClient,
  lazyTemporalConnection,
  platformTemporalClient,
  type SealedTemporalClient,
  type TemporalClientOptions,
} from './temporal';
export { connectWorker } from './temporal-worker';
export { createStripeClient } from './stripe';
export { createSmtpTransport, smtpOptions, type SmtpTransport } from './smtp';
