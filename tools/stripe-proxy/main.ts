import { createStripeProxy } from './server';

/**
 * The stack's Stripe for the platform: `node --import tsx tools/stripe-proxy/main.ts`, started by
 * scripts/stack.sh in front of localstripe. Local stand-in only; production talks to Stripe.
 */
const port = Number(process.env.STRIPE_PROXY_PORT ?? 52114);
const upstream = process.env.STRIPE_PROXY_UPSTREAM ?? 'http://127.0.0.1:52113';
const logFile = process.env.STRIPE_PROXY_LOG ?? './stripe-proxy-requests.jsonl';

createStripeProxy({ upstream, logFile }).listen(port, '127.0.0.1', () => {
  console.log(`stripe proxy on 127.0.0.1:${port} -> ${upstream}, requests logged to ${logFile}`);
});
