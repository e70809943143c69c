/**
 * The shop page's side of the card frame (/tmp card-frame contract, issue 21). The card is typed
 * into an iframe of the card origin; this page only ever gets the `pm_…` id, brand and last 4.
 * Messages go out with targetOrigin = the card origin and are taken in only from the frame's own
 * window at the card origin; everything else is ignored.
 */

interface FrameMessage {
  source: 'th-card';
  type: string;
  requestId?: string;
  complete?: boolean;
  error?: string;
  paymentMethodId?: string;
  brand?: string;
  last4?: string;
  message?: string;
  succeeded?: boolean;
}

export interface PaymentMethod {
  paymentMethodId: string;
  brand: string;
  last4: string;
}

type Waiter = (message: FrameMessage) => void;

export class CardFrame {
  readonly iframe: HTMLIFrameElement;
  /** The customer has typed a card the frame considers complete. */
  complete = false;
  /** The frame's latest complaint about what was typed, in its words. */
  error: string | null = null;
  private readonly ready: Promise<void>;
  private readonly waiters = new Map<string, Waiter>();
  private onChange: () => void = () => {};

  constructor(private readonly origin: string) {
    const parent = encodeURIComponent(window.location.origin);
    this.iframe = document.createElement('iframe');
    this.iframe.src = `${origin}/card?parent=${parent}`;
    this.iframe.title = 'Card details (secure payment frame)';
    this.iframe.className = 'card-frame';
    let markReady: () => void = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    window.addEventListener('message', (event: MessageEvent) => {
      if (event.origin !== this.origin || event.source !== this.iframe.contentWindow) return;
      const data = event.data as FrameMessage | null;
      if (!data || data.source !== 'th-card' || typeof data.type !== 'string') return;
      if (data.type === 'ready') markReady();
      else if (data.type === 'change') {
        this.complete = data.complete === true;
        this.error = typeof data.error === 'string' ? data.error : null;
        this.onChange();
      } else if (data.requestId && this.waiters.has(data.requestId)) {
        this.waiters.get(data.requestId)!(data);
        this.waiters.delete(data.requestId);
      }
    });
  }

  /** Called whenever the frame reports what was typed (complete or not, and any error). */
  changed(listener: () => void): void {
    this.onChange = listener;
  }

  private async ask(message: Record<string, unknown>): Promise<FrameMessage> {
    await this.ready;
    const requestId = crypto.randomUUID();
    const answer = new Promise<FrameMessage>((resolve) => this.waiters.set(requestId, resolve));
    this.iframe.contentWindow?.postMessage({ source: 'th-card', requestId, ...message }, this.origin);
    return answer;
  }

  /** The frame creates the PaymentMethod with the card service; this page learns its id only. */
  async createPaymentMethod(): Promise<PaymentMethod> {
    const answer = await this.ask({ type: 'create-payment-method' });
    if (answer.type === 'payment-method' && answer.paymentMethodId) {
      return {
        paymentMethodId: answer.paymentMethodId,
        brand: answer.brand ?? '',
        last4: answer.last4 ?? '',
      };
    }
    throw new Error(answer.message ?? 'The card could not be used.');
  }

  /** 3-D Secure inside the frame: resolves true once the customer completed it, false if it failed. */
  async handleNextAction(clientSecret: string): Promise<boolean> {
    const answer = await this.ask({ type: 'handle-next-action', clientSecret });
    if (answer.type === 'next-action-done') return answer.succeeded === true;
    throw new Error(answer.message ?? 'The card check could not be completed.');
  }
}

/** The card origin the server put in the page (`<meta name="th-card-frame-origin">`), or null. */
export function cardFrameOrigin(): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="th-card-frame-origin"]');
  return meta?.content ? meta.content : null;
}
