import { createHash } from 'node:crypto';

export interface CssImage {
  mediaType: string;
  content: Buffer;
}

export interface ExternalisedCss {
  css: string;
  /** By file name (content hash and extension), as the rewritten CSS refers to them. */
  images: Map<string, CssImage>;
}

/** `url("…")`, `url('…')` or `url(…)` whose target is a data: URL. */
const DATA_URL = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(data:[^)\s]*))\s*\)/g;
const EXTENSIONS: Record<string, string> = {
  'image/svg+xml': 'svg',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** CSS string escapes: `\"` → `"`, `\\` → `\` (the dist files use no hex escapes). */
const unescapeCss = (text: string) => text.replace(/\\(.)/g, '$1');

/** Runs of `%XX` only: decodeURIComponent throws on a stray `%` elsewhere in the text. */
const percentDecode = (text: string) =>
  text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });

function decodeDataUrl(url: string): CssImage | undefined {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) return undefined;
  const [mediaType = '', ...params] = url.slice(5, comma).split(';');
  if (!(mediaType in EXTENSIONS)) return undefined;
  const payload = url.slice(comma + 1);
  const content = params.includes('base64')
    ? Buffer.from(payload, 'base64')
    : Buffer.from(percentDecode(payload), 'utf8');
  return { mediaType, content };
}

/**
 * Moves the images a stylesheet embeds as data: URLs into files of their own, so the page runs under
 * `default-src 'self'` (SEC-WEB-03 gives images no `data:`) with every icon still shown.
 */
export function externaliseDataUrls(css: string, imageBase: string): ExternalisedCss {
  const images = new Map<string, CssImage>();
  const rewritten = css.replace(DATA_URL, (whole, double?: string, single?: string, bare?: string) => {
    const url = bare ?? unescapeCss(double ?? single ?? '');
    const image = decodeDataUrl(url);
    if (!image) return whole;
    const hash = createHash('sha256').update(image.content).digest('hex').slice(0, 16);
    const name = `${hash}.${EXTENSIONS[image.mediaType]}`;
    images.set(name, image);
    return `url("${imageBase}/${name}")`;
  });
  return { css: rewritten, images };
}
