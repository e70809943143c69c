/**
 * The messages between the shop page and the card frame (/tmp/card-contract.md). Every message
 * carries `source: 'th-card'`; each side checks the sender's origin before reading one.
 */
export const MESSAGE_SOURCE = 'th-card';

export type ParentToFrame =
  | { source: typeof MESSAGE_SOURCE; type: 'create-payment-method'; requestId: string }
  | { source: typeof MESSAGE_SOURCE; type: 'handle-next-action'; requestId: string; clientSecret: string };

export type FrameToParent =
  | { type: 'ready' }
  | { type: 'change'; complete: boolean; error?: string }
  | { type: 'payment-method'; requestId: string; paymentMethodId: string; brand: string; last4: string }
  | { type: 'error'; requestId: string; message: string }
  | { type: 'next-action-done'; requestId: string; succeeded: boolean };

/** A parent's message when it has the shape of one; null for anything else. */
export function parentMessage(data: unknown): ParentToFrame | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m.source !== MESSAGE_SOURCE || typeof m.requestId !== 'string' || !/^[\w-]{1,100}$/.test(m.requestId)) {
    return null;
  }
  if (m.type === 'create-payment-method')
    return { source: MESSAGE_SOURCE, type: m.type, requestId: m.requestId };
  if (m.type === 'handle-next-action' && typeof m.clientSecret === 'string' && m.clientSecret.length <= 200) {
    return { source: MESSAGE_SOURCE, type: m.type, requestId: m.requestId, clientSecret: m.clientSecret };
  }
  return null;
}
