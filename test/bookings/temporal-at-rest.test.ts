import test from 'ava';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { bookingModels } from '../../db/models/booking-models';
import { createBooking, type BookingResult } from '../../services/bookings';
import { connectTemporal } from '../../lib/clients/temporal';
import { ENCRYPTED_ENCODING } from '../../lib/temporal/payload-codec';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking, flightPicker } from './helpers/booking-body';
import { historyBytes } from './helpers/history-bytes';
import { sagaHarness, type SagaHarness } from './helpers/saga-harness';

type Payload = temporal.api.common.v1.IPayload;

let h: SagaHarness;
let booked: {
  workflowId: string;
  bookingId: string;
  paymentMethodId: string;
  passportNumber: string;
  lastName: string;
  firstName: string;
};

/** Letters only (a passenger name may hold no digit), fresh per run: found nowhere else. */
const randomName = (length: number) =>
  Array.from({ length }, () => String.fromCharCode(97 + randomInt(26))).join('');

/** A confirmed booking made through the platform's own client (createBooking, sagaHarness). */
test.before(async () => {
  h = await sagaHarness();
  const pick = await flightPicker(h);
  const paymentMethodId = await createPaymentMethod(TEST_CARDS.succeeds);
  const passenger = {
    firstName: `Ad${randomName(8)}`,
    lastName: `Lq${randomName(10)}`,
    dateOfBirth: '1987-03-14',
    passportNumber: `P${randomBytes(5).toString('hex').toUpperCase()}`,
  };
  const body = { ...flightBooking(pick(), paymentMethodId), passengers: [passenger] };
  const actor = await h.customer();
  const accepted = await createBooking(h.deps(), actor, body, randomUUID(), { ip: '203.0.113.30' });
  const booking = (await bookingModels(h.sequelize).Booking.findByPk(accepted.id))!;
  const result = (await h.client.workflow.getHandle(booking.workflow_id).result()) as BookingResult;
  if (result.status !== 'CONFIRMED') throw new Error(`the booking ended ${result.status}`);
  booked = { workflowId: booking.workflow_id, bookingId: booking.id, paymentMethodId, ...passenger };
});
test.after.always(async () => h?.close());

/** Every payload of a history except search attributes, which are indexed in clear on purpose. */
function payloadsOf(value: unknown, found: Payload[] = []): Payload[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return found;
  if (Array.isArray(value)) {
    for (const item of value) payloadsOf(item, found);
    return found;
  }
  const record = value as Record<string, unknown>;
  const metadata = record.metadata as Record<string, unknown> | undefined;
  if (metadata && metadata.encoding instanceof Uint8Array) {
    found.push(record as Payload);
    return found;
  }
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'searchAttributes') payloadsOf(child, found);
  }
  return found;
}

test('SEC-DATA-05 a booking saga started by the platform client leaves only sealed payloads in its Temporal history', async (t) => {
  // Read as Temporal (and the UI without the codec endpoint) sees it: a client without the codec.
  const connection = await connectTemporal(h.config);
  t.teardown(() => connection.close());
  const raw = new Client({ connection, namespace: h.config.temporal.namespace });
  const history = await raw.workflow.getHandle(booked.workflowId).fetchHistory();

  const payloads = payloadsOf(history.events);
  // Input, activity arguments and results, signals, the result: far more than a handful.
  t.true(payloads.length >= 10, `only ${payloads.length} payloads in the history`);
  const encodings = new Set(payloads.map((p) => Buffer.from(p.metadata!.encoding!).toString()));
  t.deepEqual([...encodings], [ENCRYPTED_ENCODING]);

  const bytes = historyBytes(history);
  t.true(
    bytes.includes(booked.bookingId),
    'the BookingId search attribute is readable, so the bytes are real',
  );
  for (const [what, value] of Object.entries({
    'PaymentMethod id': booked.paymentMethodId,
    'passport number': booked.passportNumber,
    'last name': booked.lastName,
    'first name': booked.firstName,
  })) {
    t.false(bytes.includes(value), `${what} in clear in the history`);
  }
});

/** The dev server's SQLite store and its journals, journals first: a checkpoint moves pages to the main file. */
function temporalStoreBytes(file: string): Buffer {
  const parts = [`${file}-wal`, `${file}-journal`, file].filter((f) => existsSync(f));
  return Buffer.concat(parts.map((f) => readFileSync(f)));
}

test('SEC-DATA-05 a raw read of the Temporal server database finds no passport number, name or PaymentMethod id of a booking just made', async (t) => {
  const file = process.env.TEMPORAL_DB_PATH;
  if (!file) throw new Error('TEMPORAL_DB_PATH is not set: run through scripts/with-env.sh');
  // The server has stored the finished workflow once its id is in the file; allow a slow disk.
  let bytes = temporalStoreBytes(file);
  for (let i = 0; i < 100 && !bytes.includes(booked.workflowId); i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    bytes = temporalStoreBytes(file);
  }
  t.true(
    bytes.includes(booked.workflowId),
    'the workflow is in the file read, so the read is of the right store',
  );
  for (const [what, value] of Object.entries({
    'PaymentMethod id': booked.paymentMethodId,
    'passport number': booked.passportNumber,
    'last name': booked.lastName,
    'first name': booked.firstName,
  })) {
    t.false(bytes.includes(value), `${what} in clear in Temporal's database`);
  }
});
