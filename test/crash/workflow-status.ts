import { WorkflowNotFoundError, type Client } from '@temporalio/client';

/** A workflow's status name, or NOT_FOUND when Temporal knows no workflow of that id. */
export async function workflowStatusOf(client: Client, workflowId: string): Promise<string> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'NOT_FOUND';
    throw err;
  }
}
