import { webAppContentSecurityPolicy } from '../../middleware/security-headers';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import { builtWebFiles } from './web-files';

/** The placeholder web/index.html carries for the card origin, filled in when the page is served. */
const CARD_ORIGIN_SLOT = '%CARD_FRAME_ORIGIN%';

const attribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Issue 21: the customer web app, static files bundled by tools/web-build, served by this origin.
 * One page (`/app`, hash routes inside it), its script and its stylesheet. The page's CSP is the
 * web app's (frames from the card origin only); its script and stylesheet keep the API's.
 */
export function webAppRoutes(deps: Pick<RouteDeps, 'config'>): RouteDeclaration[] {
  const file = builtWebFiles();
  const { cardFrameOrigin } = deps.config.webApp;
  const policy = webAppContentSecurityPolicy(cardFrameOrigin);
  let page: string | undefined;
  const asset = (path: string, name: string, summary: string, mediaType: string) =>
    defineRoute({
      method: 'GET',
      path,
      summary,
      tag: 'web',
      permission: 'public',
      responses: { 200: answer.media('The file.', mediaType), 503: answer.error('WEB_APP_NOT_BUILT') },
      handler(ctx) {
        ctx.type = `${mediaType}; charset=utf-8`;
        ctx.body = file(name);
      },
    });
  return [
    defineRoute({
      method: 'GET',
      path: '/app',
      summary: 'Customer web app: search, book and pay (card in the card frame), bookings, account',
      tag: 'web',
      permission: 'public',
      responses: { 200: answer.media('The page.', 'text/html'), 503: answer.error('WEB_APP_NOT_BUILT') },
      handler(ctx) {
        page ??= file('index.html')
          .toString('utf8')
          .replace(CARD_ORIGIN_SLOT, attribute(cardFrameOrigin ?? ''));
        ctx.set('Content-Security-Policy', policy);
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = page;
      },
    }),
    asset('/app/app.js', 'app.js', 'Customer web app: its script', 'text/javascript'),
    asset('/app/app.css', 'app.css', 'Customer web app: its stylesheet', 'text/css'),
  ] as RouteDeclaration[];
}
