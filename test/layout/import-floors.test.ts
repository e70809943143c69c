// The floors of ../shared/DESIGN.md "Where a thing lives", checked over every .ts file git knows:
// lib (0) → db (1) → services, activities (2) → workflows (3) → api, workers (4) → tools, bench,
// test, scripts (5). An import runs down or sideways, never up (type-only imports included);
// services never import activities, api and workers never import each other. That workflow files
// take only types from below is test/workers/workflow-determinism.test.ts's rule, not repeated here.
//
// Hand-written (./import-graph.ts) rather than dependency-cruiser or eslint-plugin-boundaries:
// it is under a hundred lines on the compiler's own parser and adds no dependency; those tools
// would add a config language and a dependency for the same check.
import test from 'ava';
import { loadRepoFiles, violations, type RepoFile, type Violation } from './import-graph';

const show = (v: Violation) => `${v.from} -> ${v.to} (${v.reason})`;

test('layout: every import runs down the floors', (t) => {
  const found = violations(loadRepoFiles()).map(show);
  t.true(found.length === 0, `${found.length} import(s) break the floors:\n${found.join('\n')}`);
});

test('layout: the checker itself reports planted violations and lets legal imports pass', (t) => {
  const planted: RepoFile[] = [
    { path: 'db/models/y.ts', text: 'export const y = 1;' },
    { path: 'lib/x.ts', text: "import { y } from '../db/models/y';" },
    { path: 'lib/t.ts', text: "import type { Y } from '../db/models/y';" },
    { path: 'lib/d.ts', text: "export const load = () => import('../services/a');" },
    { path: 'db/r.ts', text: "const a = require('../api/app');" },
    { path: 'db/s.ts', text: "import '../workers/booking';" },
    { path: 'lib/u.ts', text: "let q: import('../workflows/booking/messages').Q;" },
    { path: 'services/a/index.ts', text: "export { p } from '../../activities/payments';" },
    { path: 'workers/m.ts', text: "import { clients } from '../api/clients';" },
    { path: 'api/w.ts', text: "export type { Pool } from '../workers/pool';" },
    { path: 'activities/p.ts', text: "import { charge } from '../services/payments';" },
    { path: 'api/app.ts', text: "import { y } from '../db/models/y.js';\nimport { x } from '../lib/x';" },
    { path: 'test/t.ts', text: "import { app } from '../api/app';\nimport { sim } from '../tools/sim';" },
    { path: 'web/page.ts', text: "import { app } from '../api/app';" },
  ];
  t.deepEqual(violations(planted).map(show), [
    'lib/x.ts -> db/models/y.ts (import runs up from lib (floor 0) to db (floor 1))',
    'lib/t.ts -> db/models/y.ts (type-only import runs up from lib (floor 0) to db (floor 1))',
    'lib/d.ts -> services/a/index.ts (dynamic import() runs up from lib (floor 0) to services (floor 2))',
    'db/r.ts -> api/app.ts (require() runs up from db (floor 1) to api (floor 4))',
    'db/s.ts -> workers/booking (side-effect import runs up from db (floor 1) to workers (floor 4))',
    'lib/u.ts -> workflows/booking/messages (type-only import() type runs up from lib (floor 0) to workflows (floor 3))',
    'services/a/index.ts -> activities/payments (re-export: services never imports activities)',
    'workers/m.ts -> api/clients (import: workers never imports api)',
    'api/w.ts -> workers/pool (type-only re-export: api never imports workers)',
  ]);
});
