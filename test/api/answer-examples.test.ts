import test from 'ava';
import * as yup from 'yup';
import { createApp } from '../../api/app';
import { errorBodySchema } from '../../api/openapi/error-body-schema';
import { exampleProblems } from '../../api/openapi/example-problems';
import { answer, defineRoute } from '../../api/routing';
import { unknownKeys } from '../../api/routing/unknown-keys';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { startApiApp } from '../helpers/api-app';
import { LogCapture } from '../helpers/log-capture';

const apiRoutes = () =>
  createApp({
    config: loadConfig(),
    logger: createLogger({ serviceName: 'examples-test', log: { level: 'fatal' } }, new LogCapture()),
    readiness: {},
  }).routes;

test('every declared answer example satisfies its own schema', async (t) => {
  const routes = apiRoutes();
  const examples = routes.flatMap((route) =>
    Object.values(route.responses ?? {}).filter((a) => a.kind === 'json'),
  );
  t.true(examples.length >= 3, 'the check is not vacuous');
  t.deepEqual(await exampleProblems(routes), []);
});

test('a broken example is reported: wrong value, missing field, unknown key at depth', async (t) => {
  const schema = yup.object({
    status: yup
      .string()
      .oneOf(['ok'] as const)
      .required(),
    checks: yup.object({ redis: yup.string().required() }).required(),
  });
  const broken = { status: 'fine', checks: { role: 'admin' } } as unknown as yup.InferType<typeof schema>;
  const route = defineRoute({
    method: 'GET',
    path: '/test/broken-example',
    summary: 'test only',
    permission: 'public',
    responses: { 200: answer.json('Broken on purpose', schema, broken) },
    handler() {},
  });
  t.deepEqual((await exampleProblems([route])).sort(), [
    'GET /test/broken-example 200: checks.redis optionality',
    'GET /test/broken-example 200: checks.role unknown',
    'GET /test/broken-example 200: status oneOf',
  ]);
});

test('SEC-ERR-01 a real error answer satisfies the documented error body', async (t) => {
  const api = await startApiApp();
  t.teardown(() => api.close());
  const refused = await api.send('/healthz?role=admin');
  t.is(refused.status, 400);
  await t.notThrowsAsync(errorBodySchema.validate(refused.json, { strict: true }));
  t.deepEqual(unknownKeys(errorBodySchema, refused.json, { allowOpenObjects: true }), []);
  t.deepEqual(refused.json.details, { fields: ['role'] });
});
