export { ROLES, isRole, type Role } from './roles';
export { PERMISSIONS, isPermission, type Permission } from './permissions';
export { permissionsOf } from './policy';
export { isActor, type Actor } from './actor';
export { can, assertCan } from './can';
export { isRouteAccess, type RouteAccess, type RouteAccessDeclaration } from './route-access';
export { decideAccess, type AccessVerdict } from './decide-access';
export {
  ROUTE_ACCESS,
  declaredAccessOf,
  describeRoute,
  endpointsOf,
  undeclaredRoutes,
  routersOf,
  type RouteLayerLike,
  type RouterLike,
} from './route-declarations';
