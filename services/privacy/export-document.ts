import type { Actor } from '../../lib/rbac';
import { exportAccount, exportSignIns } from './export-account';
import { exportActivity, exportAuditEvents } from './export-activity';
import { exportBookings } from './export-bookings';
import { EXPORT_PAGE_SIZE, type PrivacyExportDeps } from './export-deps';

/** The document's name and shape version (docs/privacy-export.md describes version 1). */
export const EXPORT_FORMAT = 'travelhub.personal-data-export';
export const EXPORT_VERSION = 1;

/** How many records (the account, each list item) the document has written so far. */
export interface ExportCounter {
  records: number;
}

/** `,"name":[item,item,…]` written an item at a time. */
async function* jsonArray(
  name: string,
  items: AsyncIterable<unknown> | Iterable<unknown>,
  count: ExportCounter,
) {
  yield `,${JSON.stringify(name)}:[`;
  let first = true;
  for await (const item of items) {
    yield `${first ? '' : ','}${JSON.stringify(item)}`;
    first = false;
    count.records += 1;
  }
  yield ']';
}

/**
 * The export as JSON text in pieces: the small sections whole, the ones that grow with the
 * account's age (bookings, audit events) a page of rows at a time, so neither the API's memory
 * nor the first byte's delay grows with them. One object; its keys in this order.
 */
export async function* exportDocument(
  deps: PrivacyExportDeps,
  actor: Actor,
  count: ExportCounter,
): AsyncGenerator<string> {
  const userId = actor.id;
  const pageSize = deps.pageSize ?? EXPORT_PAGE_SIZE;
  const generatedAt = (deps.now?.() ?? new Date()).toISOString();
  const head = { format: EXPORT_FORMAT, version: EXPORT_VERSION, generatedAt, userId };
  yield JSON.stringify(head).slice(0, -1);
  yield `,"account":${JSON.stringify(await exportAccount(deps.sequelize, userId))}`;
  count.records += 1;
  yield* jsonArray('sessions', await deps.listSessions(actor), count);
  const signIns = await exportSignIns(deps.sequelize, userId);
  for (const [name, items] of Object.entries(signIns)) yield* jsonArray(name, items, count);
  yield* jsonArray('bookings', exportBookings(deps.sequelize, userId, pageSize), count);
  const activity = await exportActivity(deps.sequelize, userId);
  for (const [name, items] of Object.entries(activity)) yield* jsonArray(name, items, count);
  yield* jsonArray('auditEvents', exportAuditEvents(deps.sequelize, userId, pageSize), count);
  yield '}';
}
