export { createDependencyBreaker, type BreakerState, type DependencyBreaker } from './dependency-breaker';
export { createDependencyBreakers, type DependencyBreakers } from './dependency-breakers';
export { DEPENDENCY_NAMES, DependencyUnavailableError, type DependencyName } from './dependency-unavailable';
export { isOpenSearchFailure, isPostgresFailure, isRedisFailure, isTemporalFailure } from './failures';
export { guardRedis } from './guard-redis';
export { guardSequelize } from './guard-sequelize';
export { guardedTransport } from './guarded-transport';
export { temporalDependencyInterceptor } from './temporal-interceptor';
export { patientCodec } from './patient-codec';
