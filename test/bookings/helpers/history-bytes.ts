import type { temporal } from '@temporalio/proto';

/** Every payload's bytes in a workflow history, joined: what a raw read of Temporal's store holds. */
export function historyBytes(history: temporal.api.history.v1.IHistory): Buffer {
  const parts: Buffer[] = [];
  const walk = (value: unknown) => {
    if (value instanceof Uint8Array) parts.push(Buffer.from(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(history);
  return Buffer.concat(parts);
}
