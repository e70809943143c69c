export { AppError, errors } from './app-error';
export { NotVisibleError } from './not-visible';
