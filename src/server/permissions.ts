/**
 * Who may do what: the one place permissions are declared. Every route under
 * /api/v1 names one of these in its `config.permission`; the app refuses to
 * start with a route that does not (see guard.ts), and the scope-matrix test
 * walks this table. What a permitted user may touch is then narrowed by their
 * scope in the data layer (scope.ts).
 */

export const ROLES = [
  'district_admin',
  'street_admin',
  'instructor',
  'secretary',
  'member',
  'representative',
  'department_handler',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose scope is a territory node; the others are scoped to a party organization or to themselves. */
export const TERRITORY_SCOPED_ROLES: readonly Role[] = ['district_admin', 'street_admin', 'instructor'];

const ADMINS: Role[] = ['district_admin', 'street_admin'];
const TERRITORY_STAFF: Role[] = ['district_admin', 'street_admin', 'instructor'];

export const GRANTS = {
  /** No login needed (health, login, API docs). */
  public: ROLES,
  /** Any logged-in user (me, logout). */
  authenticated: ROLES,
  'territory.read': TERRITORY_STAFF,
  'territory.write': ADMINS,
  'units.read': TERRITORY_STAFF,
  'units.write': ADMINS,
  'audit.read': ADMINS,
} satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(GRANTS, value);
}

export function allows(permission: Permission, role: Role): boolean {
  return (GRANTS[permission] as readonly Role[]).includes(role);
}
