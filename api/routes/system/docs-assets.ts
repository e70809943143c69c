import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yup from 'yup';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import { externaliseDataUrls } from './css-data-urls';

export const DOCS_ASSETS = '/api/docs/assets';
const IMAGES = `${DOCS_ASSETS}/images`;

/** Swagger UI's start, as a file of its own: the CSP (SEC-WEB-03) runs no inline script. */
const VIEWER_START = `"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

interface Asset {
  name: string;
  mediaType: string;
  summary: string;
  content: string | Buffer;
}

function distFile(name: string): Buffer {
  return readFileSync(join(require.resolve('swagger-ui-dist/package.json'), '..', name));
}

function assetRoute(asset: Asset) {
  return defineRoute({
    method: 'GET',
    path: `${DOCS_ASSETS}/${asset.name}`,
    summary: asset.summary,
    tag: 'docs',
    permission: 'public',
    responses: { 200: answer.media('The file.', asset.mediaType) },
    handler(ctx) {
      ctx.type = asset.mediaType;
      ctx.body = asset.content;
    },
  });
}

/**
 * The files the docs page loads, read once at start-up (a few MB that never change while the
 * process runs): Swagger UI from swagger-ui-dist, its stylesheet with the embedded images moved
 * to files of their own, and the viewer's start script.
 */
export function docsAssetRoutes(): RouteDeclaration[] {
  const { css, images } = externaliseDataUrls(distFile('swagger-ui.css').toString('utf8'), IMAGES);
  const imageTypes = [...new Set([...images.values()].map((image) => image.mediaType))];
  const assets: Asset[] = [
    { name: 'swagger-ui.css', mediaType: 'text/css', summary: 'Docs viewer: styles', content: css },
    {
      name: 'swagger-ui-bundle.js',
      mediaType: 'text/javascript',
      summary: 'Docs viewer: Swagger UI',
      content: distFile('swagger-ui-bundle.js'),
    },
    {
      name: 'viewer.js',
      mediaType: 'text/javascript',
      summary: 'Docs viewer: starts Swagger UI on this API',
      content: VIEWER_START,
    },
    {
      name: 'favicon-32x32.png',
      mediaType: 'image/png',
      summary: 'Docs viewer: icon',
      content: distFile('favicon-32x32.png'),
    },
  ];
  const image = defineRoute({
    method: 'GET',
    path: `${IMAGES}/:name`,
    summary: 'Docs viewer: an image of its stylesheet',
    tag: 'docs',
    permission: 'public',
    params: yup.object({
      name: yup
        .string()
        .oneOf([...images.keys()])
        .required(),
    }),
    responses: { 200: answer.media('The image.', imageTypes[0] ?? 'image/svg+xml', ...imageTypes.slice(1)) },
    handler(ctx) {
      const found = images.get(ctx.state.input.params.name);
      if (!found) throw new Error('validated image name has no image');
      ctx.type = found.mediaType;
      ctx.body = found.content;
    },
  });
  return [...assets.map(assetRoute), image];
}
