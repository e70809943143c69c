import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in shop origin for the card frame's browser tests: `/embed?card=<url>[&sibling=<url>]`
 * is a page whose only script (`/recorder.js`, from its own origin) keeps every message the page
 * receives in `window.__messages`; it embeds the card frame and, optionally, a second frame.
 * `/blank` is an empty page (a sibling frame to post from).
 */
export interface ShopOrigin {
  origin: string;
  close(): Promise<void>;
}

const RECORDER = `window.__messages = [];
window.addEventListener('message', function (event) {
  window.__messages.push({ origin: event.origin, data: event.data });
});`;

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export async function startShopOrigin(): Promise<ShopOrigin> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop.invalid');
    if (url.pathname === '/recorder.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(RECORDER);
    }
    if (url.pathname === '/blank') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end('<!doctype html><title>blank</title><p>another frame</p>');
    }
    if (url.pathname === '/embed') {
      const card = url.searchParams.get('card') ?? '';
      const sibling = url.searchParams.get('sibling');
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(
        '<!doctype html><title>shop</title><script src="/recorder.js"></script>' +
          `<iframe id="card" title="Card details" src="${escapeAttribute(card)}"></iframe>` +
          (sibling ? `<iframe id="sibling" title="other" src="${escapeAttribute(sibling)}"></iframe>` : ''),
      );
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
