import { ConfigError } from './config-error';

/**
 * Issue 21: the customer web app's settings. The card is typed only into a frame of the card
 * origin (SEC-PAY-01, SAQ A); the web app's pages allow frames from that origin alone (SEC-WEB-03).
 * `local` is the project's own card-frame service (tools/card-frame, standing in for Stripe
 * Elements); `stripe` would be Stripe.js and Elements, which this build does not ship, so it is
 * refused rather than half-working.
 */
export interface WebAppConfig {
  cardFrameProvider: 'local';
  /** The card frame's origin (`CARD_FRAME_ORIGIN`); null: the pages offer no card entry. */
  cardFrameOrigin: string | null;
}

function originOf(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('CARD_FRAME_ORIGIN must be an origin such as https://cards.example.com');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== raw.replace(/\/$/, '')) {
    throw new ConfigError('CARD_FRAME_ORIGIN must be an origin (scheme, host, port) and nothing else');
  }
  return url.origin;
}

export function webAppConfig(env: NodeJS.ProcessEnv): WebAppConfig {
  const provider = env.CARD_FRAME_PROVIDER ?? 'local';
  if (provider !== 'local') {
    throw new ConfigError('CARD_FRAME_PROVIDER must be local (Stripe Elements is not part of this build)');
  }
  const raw = env.CARD_FRAME_ORIGIN;
  return { cardFrameProvider: provider, cardFrameOrigin: raw ? originOf(raw) : null };
}
