import { createHmac, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../api/app';
import { closeGracefully, listen } from '../../../api/listen';
import type { Metrics } from '../../../api/metrics';
import type { Config } from '../../../lib/config';
import { createLogger } from '../../../lib/logger';
import { createWebhookReceiver, type PaymentEvent } from '../../../services/payments';
import type { PaymentModels } from '../../../db/models/payment-models';
import { LogCapture } from '../../helpers/log-capture';

export interface WebhookApp {
  url: string;
  secret: string;
  /** What reached the payment event port, in order. */
  events: PaymentEvent[];
  /** The port fails for this booking's events (as an undeliverable workflow signal would). */
  failPortFor: (bookingId: string, fail: boolean) => void;
  /**
   * The port's next call for this booking's event waits until the test settles it (a first
   * delivery still in flight): `entered` resolves once the port holds it.
   */
  holdPortFor: (bookingId: string) => PortHold;
  /** The app's own metrics registry, as GET /metrics would expose it. */
  metrics: Metrics;
  /** Every log line the app wrote (level info and up). */
  logs: LogCapture;
  close(): Promise<void>;
}

export interface PortHold {
  entered: Promise<void>;
  settle(outcome: 'take' | 'fail'): void;
}

/** The real API app with only a Stripe webhook receiver: a fresh secret per run, a recording port. */
export async function startWebhookApp(config: Config, models: PaymentModels): Promise<WebhookApp> {
  const secret = `whsec_${randomBytes(24).toString('hex')}`;
  const events: PaymentEvent[] = [];
  const failing = new Set<string>();
  const holds = new Map<string, { enter: () => void; settled: Promise<'take' | 'fail'> }>();
  const stripe = createWebhookReceiver({
    models,
    secret,
    toleranceSeconds: config.stripe.webhookToleranceSeconds,
    port: {
      async onPaymentEvent(event) {
        const hold = event.bookingId ? holds.get(event.bookingId) : undefined;
        if (hold) {
          holds.delete(event.bookingId!);
          hold.enter();
          if ((await hold.settled) === 'fail') throw new Error('the workflow could not be signalled');
        }
        if (event.bookingId && failing.has(event.bookingId))
          throw new Error('the workflow could not be signalled');
        events.push(event);
      },
    },
  });
  const logs = new LogCapture();
  const app = createApp({
    config: { ...config, api: { ...config.api, host: '127.0.0.1', port: 0 } },
    logger: createLogger({ serviceName: 'travelhub-test', log: { level: 'info' } }, logs),
    readiness: {},
    webhooks: { stripe },
  });
  const server: Server = await listen(app, { ...config.api, host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    secret,
    events,
    failPortFor: (bookingId, fail) => {
      if (fail) failing.add(bookingId);
      else failing.delete(bookingId);
    },
    holdPortFor(bookingId) {
      let enter!: () => void;
      let settle!: (outcome: 'take' | 'fail') => void;
      const entered = new Promise<void>((resolve) => (enter = resolve));
      const settled = new Promise<'take' | 'fail'>((resolve) => (settle = resolve));
      holds.set(bookingId, { enter, settled });
      return { entered, settle };
    },
    metrics: app.metrics,
    logs,
    close: () => closeGracefully(server, 1_000),
  };
}

/** A Stripe-Signature header as Stripe computes it: HMAC-SHA256 over `<t>.<body>`. */
export function signature(body: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export function paymentIntentEvent(bookingId: string, type = 'payment_intent.succeeded'): string {
  return JSON.stringify({
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `pi_${randomBytes(8).toString('hex')}`,
        object: 'payment_intent',
        status: 'succeeded',
        metadata: { booking_id: bookingId },
      },
    },
  });
}

export function deliver(app: WebhookApp, body: string, headers: Record<string, string>) {
  return fetch(`${app.url}/api/v1/webhooks/stripe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}
