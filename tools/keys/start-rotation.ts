import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { KeyRotationConfig } from '../../lib/config/key-rotation';
import type { DataClass } from '../../lib/crypto/data-class';
import type { TaskQueues } from '../../lib/temporal/task-queues';
import { keyRotationWorkflow } from '../../workflows/maintenance-pool';

export interface StartRotation {
  dataClass: DataClass;
  /**
   * `rotate`: a new version, old rows re-encrypted, old versions retired, except `pii`'s, which
   * Temporal histories also use (docs/keys.md "Temporal payload key"): left `retiring` for
   * `finish` once those histories are gone. `finish`: no new version; re-encrypt and retire what
   * is left `retiring`.
   */
  command: 'rotate' | 'finish';
  queues: TaskQueues;
  limits: KeyRotationConfig;
  /** Workflow ids are `<prefix>-key-rotation-<class>`: one rotation per class at a time. */
  prefix: string;
}

/**
 * Starts the rotation workflow of one data class on the maintenance pool. A rotation of that
 * class still running is not started twice (the workflow id is the class): `started` false.
 */
export async function startKeyRotation(
  client: Client,
  { dataClass, command, queues, limits, prefix }: StartRotation,
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = `${prefix}-key-rotation-${dataClass}`;
  try {
    await client.workflow.start(keyRotationWorkflow, {
      taskQueue: queues.maintenance,
      workflowId,
      args: [
        {
          taskQueues: { maintenance: queues.maintenance },
          dataClass,
          rotate: command === 'rotate',
          retire: command === 'finish' || dataClass !== 'pii',
          ...limits,
        },
      ],
    });
    return { workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
