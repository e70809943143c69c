import * as yup from 'yup';
import { errors } from '../../../lib/errors';
import { decodeForOperator, type CodecServiceDeps } from '../../../lib/temporal/codec-service';
import type { Config } from '../../../lib/config';
import type { CorsRoute } from '../../middleware/cors';
import { originCheckedCsrf } from '../../middleware/csrf';
import { answer, defineRoute } from '../../routing';
import type { RouteDeps } from '../deps';

/** The UI posts to `<codec endpoint>/decode`; the endpoint it is given is `/api/v1/temporal/codec`. */
export const CODEC_DECODE_PATH = '/api/v1/temporal/codec/decode';

/**
 * CORS of the decode path (SEC-WEB-02): only the Temporal UI's origins, with credentials, and
 * the headers its codec requests carry (`X-Namespace` with the JSON body).
 */
export function temporalUiCors(config: Config): CorsRoute {
  return {
    path: CODEC_DECODE_PATH,
    origins: config.temporal.uiCodecOrigins,
    methods: ['POST'],
    headers: ['Content-Type', 'X-Namespace'],
  };
}

const base64 = () =>
  yup
    .string()
    .strict()
    .max(10_000)
    .matches(/^[A-Za-z0-9+/]*={0,2}$/, '${path} must be base64');
const payload = yup.object({
  metadata: yup
    .object({
      encoding: base64().optional(),
      'encryption-key-id': base64().optional(),
      messageType: base64().optional(),
    })
    .optional(),
  data: base64().optional(),
});
const payloads = yup.object({ payloads: yup.array(payload.required()).strict().max(100).required() });

const EXAMPLE = { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'eyJpZCI6MX0=' }] };

/** The codec server the Temporal UI points at (its "codec endpoint" setting) to show decoded history. */
export function temporalCodecRoutes(deps: RouteDeps) {
  const codec: CodecServiceDeps | undefined = deps.temporalCodec;
  // The UI cannot send the CSRF token: with the operator's cookies only its exact origin passes.
  return [
    originCheckedCsrf(
      defineRoute({
        method: 'POST',
        path: CODEC_DECODE_PATH,
        summary: 'Decode encrypted Temporal payloads for the Temporal UI (audited PII reveal)',
        tag: 'operations',
        permission: 'reveal_pii',
        body: payloads,
        responses: { 200: answer.json('The payloads in clear.', payloads, EXAMPLE) },
        async handler(ctx) {
          if (!codec) throw errors.unavailable();
          const ip: unknown = ctx.state.clientIp;
          const decoded = await decodeForOperator(codec, ctx.state.actor, ctx.state.input.body.payloads, {
            ip: typeof ip === 'string' ? ip : '0.0.0.0',
            namespace:
              ctx
                .get('X-Namespace')
                .slice(0, 100)
                .replace(/[^A-Za-z0-9._-]/g, '') || 'default',
          });
          ctx.body = { payloads: decoded };
        },
      }),
      deps.config.temporal.uiCodecOrigins,
    ),
  ];
}
