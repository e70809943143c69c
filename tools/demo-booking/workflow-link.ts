import type { Config } from '../../lib/config';
import { createTemporalClient } from '../../lib/clients/temporal';
import { BOOKING_ID } from '../../lib/temporal/search-attributes';

/**
 * The Temporal UI's page of the booking's saga, found by its BookingId search attribute; the
 * UI's search for that attribute while visibility has not indexed it yet.
 */
export async function bookingWorkflowLink(config: Config, bookingId: string): Promise<string> {
  const namespace = config.temporal.namespace;
  const query = `${BOOKING_ID.name}="${bookingId}"`;
  const client = await createTemporalClient(config);
  try {
    for await (const workflow of client.workflow.list({ query })) {
      if (workflow.workflowId.startsWith('booking-')) {
        return `${config.temporal.uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(workflow.workflowId)}`;
      }
    }
  } finally {
    await client.connection.close();
  }
  return `${config.temporal.uiUrl}/namespaces/${namespace}/workflows?query=${encodeURIComponent(query)}`;
}
