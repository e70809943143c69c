import * as yup from 'yup';
import { createBookingBody } from '../../../services/bookings';
import { benchBareStart } from '../../../services/bookings/bench-bare-start';
import { answer, defineRoute } from '../../routing';
import type { Config } from '../../../lib/config';
import type { BookingsApi } from './bookings-api';

export const BARE_START_PATH = '/api/v1/bench/bare-start';

/**
 * bench/booking's ceiling for `POST /api/v1/bookings` (issue 20): the same chain as every route
 * (the app's middleware, authentication, the `book` permission, the body read and validated by
 * the same schema), then only the saga's start (services/bookings/bench-bare-start.ts). Not the
 * booking route's own middleware (its limits, idempotency): those are accept work the bench
 * measures against this. Mounted only under BENCH_BARE_START_ROUTE=on, which production refuses.
 */
export function bareStartRoute(api: BookingsApi) {
  return defineRoute({
    method: 'POST',
    path: BARE_START_PATH,
    summary: 'Benchmark only: start a booking-sized saga nobody runs',
    tag: 'bench',
    permission: 'book',
    body: createBookingBody,
    responses: {
      202: answer.json('Started.', yup.object({ workflowId: yup.string().required() }), {
        workflowId: 'booking-…',
      }),
    },
    async handler(ctx) {
      ctx.body = await benchBareStart(api.bookings, ctx.state.actor, ctx.state.input.body);
      ctx.status = 202;
    },
  });
}

/** The bench-only routes the configuration asks for: none unless BENCH_BARE_START_ROUTE=on. */
export function benchRoutesFor(config: Pick<Config, 'benchRoutes'>, api: BookingsApi) {
  return config.benchRoutes.bareStart === 'on' ? [bareStartRoute(api)] : [];
}
