/** Notification workflows (emails from the accounts outbox). */
export { outboxEmailWorkflow, type OutboxEmailInput } from './outbox-email';
