import test from 'ava';
import { externaliseDataUrls } from '../../api/routes/system/css-data-urls';
import { startApiApp, type ApiApp } from '../helpers/api-app';

let api: ApiApp;
test.before(async () => {
  api = await startApiApp();
});
test.after.always(() => api.close());

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('data: images in a stylesheet become files, whatever their quoting and encoding', (t) => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><path fill="#fff" d="M0 0"/></svg>';
  const png = Buffer.concat([PNG_SIGNATURE, Buffer.from('rest')]);
  const css = [
    `.a{background:url("data:image/svg+xml;charset=utf-8,${svg.replaceAll('"', '\\"').replace('#', '%23')}")}`,
    `.b{background:url('data:image/svg+xml;charset=utf-8,${svg.replace('#', '%23')}')}`,
    `.c{background:url(data:image/png;base64,${png.toString('base64')})}`,
    `.d{background:url(data:font/woff2;base64,AAAA)}`,
    `.e{background:url(/kept.png)}`,
  ].join('');
  const { css: rewritten, images } = externaliseDataUrls(css, '/img');
  t.is(images.size, 2, 'the two svg copies are one file');
  const files = [...images.entries()];
  const svgFile = files.find(([, image]) => image.mediaType === 'image/svg+xml');
  const pngFile = files.find(([, image]) => image.mediaType === 'image/png');
  t.is(svgFile?.[1].content.toString('utf8'), svg);
  t.deepEqual(pngFile?.[1].content, png);
  t.regex(svgFile?.[0] ?? '', /^[0-9a-f]{16}\.svg$/);
  t.false(rewritten.includes('data:image'), 'no image stays inline');
  t.true(rewritten.includes('url(data:font/woff2;base64,AAAA)'), 'what is not an image is left alone');
  t.true(rewritten.includes('url(/kept.png)'));
  t.is(rewritten.split(`url("/img/${svgFile?.[0]}")`).length - 1, 2);
});

test('every image the served stylesheet refers to is served with its media type', async (t) => {
  const css = await api.send('/api/docs/assets/swagger-ui.css');
  t.is(css.status, 200);
  t.false(css.text.includes('data:image'));
  const names = [...css.text.matchAll(/url\("\/api\/docs\/assets\/images\/([^"]+)"\)/g)].map((m) => m[1]!);
  t.true(names.length >= 5, 'the stylesheet does refer to its images');
  for (const name of new Set(names)) {
    const image = await api.send(`/api/docs/assets/images/${name}`);
    t.is(image.status, 200, name);
    t.regex(
      String(image.headers['content-type']),
      name.endsWith('.svg') ? /^image\/svg\+xml/ : /^image\/(png|jpeg)/,
    );
  }
  const unknown = await api.send('/api/docs/assets/images/0000000000000000.svg');
  t.is(unknown.status, 400, 'only the stylesheet images are served');
});
