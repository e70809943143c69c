export { createLogger, rootLogger, type Logger, type LoggerConfig } from './create-logger';
export {
  LOG_CONTEXT_FIELDS,
  requestLogFields,
  type LogContext,
  type LogContextField,
} from './request-fields';
export { DEFAULT_MASK_OPTIONS, type MaskOptions } from './mask-options';
export { maskValue } from './mask-value';
