import type { Payload, PayloadCodec } from '@temporalio/common';
import { newAuditEvent, type AuditWriter } from '../audit';
import { errors } from '../errors';
import { assertCan, type Actor } from '../rbac';

/** A payload as the Temporal UI's codec server protocol writes it: bytes as base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export interface CodecServiceDeps {
  codec: PayloadCodec;
  audit: Pick<AuditWriter, 'append'>;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  ),
  data: p.data === undefined ? undefined : Buffer.from(p.data, 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v ?? new Uint8Array()).toString('base64'),
    ]),
  ),
  ...(p.data && { data: Buffer.from(p.data).toString('base64') }),
});

/**
 * Issue 8.4: the codec endpoint the Temporal UI decodes history through. Decoding shows what
 * workflows carry in clear, so it needs `reveal_pii` (platform admins), checked here, and every
 * decode, refused or not, is audited as a PII reveal (SEC-DATA-03, SEC-LOG-03).
 */
export async function decodeForOperator(
  deps: CodecServiceDeps,
  actor: Actor | undefined,
  payloads: JsonPayload[],
  origin: { ip: string; namespace: string },
): Promise<JsonPayload[]> {
  const event = (outcome: 'success' | 'denied') =>
    newAuditEvent({
      type: 'pii.revealed',
      actor: { type: 'admin', id: actor?.id ?? 'unknown' },
      outcome,
      originIp: origin.ip,
      resource: { type: 'temporal_namespace', id: origin.namespace },
      details: {
        field: 'temporal_payload',
        purpose: `decode ${payloads.length} payload(s) in the Temporal UI`,
      },
    });
  try {
    assertCan(actor, 'reveal_pii');
  } catch (err) {
    await deps.audit.append(event('denied'));
    throw err;
  }
  let decoded: Payload[];
  try {
    decoded = await deps.codec.decode(payloads.map(fromJson));
  } catch {
    throw errors.validation('A payload cannot be decoded');
  }
  await deps.audit.append(event('success'));
  return decoded.map(toJson);
}
