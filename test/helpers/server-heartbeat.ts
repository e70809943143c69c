import type { Client, WorkflowHandle } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';

/**
 * The heartbeat details the Temporal server holds for the workflow's (first) pending activity,
 * decoded with `client`'s data converter so that sealed payloads open: what a retry of the
 * activity resumes from. Undefined while it has not heartbeated.
 */
export async function serverHeartbeat<T>(client: Client, handle: WorkflowHandle): Promise<T | undefined> {
  const { raw } = await handle.describe();
  const details = raw.pendingActivities?.[0]?.heartbeatDetails?.payloads;
  if (!details?.length) return undefined;
  return decodeFromPayloadsAtIndex<T>(
    (client as unknown as { options: { loadedDataConverter: never } }).options.loadedDataConverter,
    0,
    details,
  );
}
