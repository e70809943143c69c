export { AppError, errors } from './app-error';
