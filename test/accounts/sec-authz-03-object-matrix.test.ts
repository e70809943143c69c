import test from 'ava';
import { ROLES, isPermission, permissionsOf, type Role } from '../../lib/rbac';
import type { RouteDeclaration } from '../../api/routing';
import type { HttpAnswer } from '../helpers/http-request';
import { identityApp } from './helpers/identity-app';
import { createCompany, createUser, enrolMfa } from './helpers/accounts-data';
import { OBJECT_FIXTURES, type ObjectRequest, type RoleActor, type World } from './helpers/object-fixtures';

const app = identityApp('sec-authz-03');
const key = (r: RouteDeclaration) => `${r.method} ${r.path}`;
/** The object routes of the real router: non-public API routes with path parameters. */
const objectRoutes = () =>
  app.routes.filter((r) => r.path.startsWith('/api/v1/') && r.permission !== 'public' && /[:*]/.test(r.path));

function sidOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as {
    sid: string;
  };
  return payload.sid;
}

async function actor(role: Role, companyId?: string): Promise<RoleActor> {
  const user = await createUser(app.deps, { role, companyId });
  const codes =
    role === 'BUSINESS_ADMIN' || role === 'PLATFORM_ADMIN'
      ? (await enrolMfa(app.deps, user)).recoveryCodes
      : [];
  const signIn = () =>
    app.bearerLogin(user.email, user.password, codes.length ? { recoveryCode: codes.shift() } : {});
  return { ...user, token: await signIn(), anotherSession: async () => sidOf(await signIn()) };
}

async function world(): Promise<World> {
  const companyA = await createCompany(app.deps, 'Tenant A');
  const companyB = await createCompany(app.deps, 'Tenant B');
  const actors = {} as World['actors'];
  for (const role of ROLES) {
    actors[role] = await actor(role, role.startsWith('BUSINESS') ? companyA : undefined);
  }
  return { app, companyA, companyB, actors, stranger: await actor('USER') };
}

function send(route: RouteDeclaration, who: RoleActor, request: ObjectRequest): Promise<HttpAnswer> {
  const path = route.path.replace(/:(\w+)/g, (_m, name: string) => request.params[name]!);
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  return app.send({
    method: route.method,
    path,
    headers: {
      Authorization: `Bearer ${who.token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...request.headers,
    },
    body,
  });
}

test.serial(
  'SEC-AUTHZ-03 every object route has a tenancy fixture (routes added later join the matrix)',
  (t) => {
    t.true(objectRoutes().length >= 6);
    t.deepEqual(
      objectRoutes()
        .map(key)
        .filter((k) => !OBJECT_FIXTURES[k]),
      [],
    );
  },
);

test.serial(
  'SEC-AUTHZ-03 object routes × roles × owner/colleague/other tenant: 403 without the permission, 404 for a colleague’s object without a company-wide permission and for other tenants',
  async (t) => {
    const w = await world();
    for (const route of objectRoutes()) {
      const fixture = OBJECT_FIXTURES[key(route)];
      if (!fixture) continue; // reported by the test above
      const needed = fixture.anyOf ?? (isPermission(route.permission) ? [route.permission] : []);
      for (const role of ROLES) {
        const granted = permissionsOf(role);
        const allowed = needed.length === 0 || needed.some((p) => granted.includes(p));
        const platform = fixture.platformWide !== undefined && granted.includes(fixture.platformWide);
        const who = w.actors[role];
        const label = `${key(route)} as ${role}`;
        const own = await send(route, who, await fixture.own(who, w));
        const other = await send(route, who, await fixture.other(who, w));
        if (!allowed) {
          t.is(own.status, 403, `${label}, own: ${own.text}`);
          t.is(own.json?.error_code, 'ACCESS_DENIED', label);
          t.is(other.status, 403, `${label}, other: ${other.text}`);
          continue;
        }
        const reached = (a: HttpAnswer) =>
          a.status !== 404 && a.json?.error_code !== 'ACCESS_DENIED' && a.status < 500;
        t.true(reached(own), `${label}, own: ${own.status} ${own.text}`);
        if (platform)
          t.true(reached(other), `${label}, other (platform-wide): ${other.status} ${other.text}`);
        else {
          t.is(other.status, 404, `${label}, other tenant: ${other.text}`);
          t.is(other.json?.error_code, 'NOT_FOUND', label);
        }
        if (!fixture.colleague) continue;
        const colleague = await send(route, who, await fixture.colleague(who, w));
        const companyWide = fixture.companyWide !== undefined && granted.includes(fixture.companyWide);
        if (platform || companyWide)
          t.true(reached(colleague), `${label}, colleague: ${colleague.status} ${colleague.text}`);
        else {
          t.is(colleague.status, 404, `${label}, same-company colleague: ${colleague.text}`);
          t.is(colleague.json?.error_code, 'NOT_FOUND', label);
        }
      }
    }
  },
);
