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
  'units.import': ADMINS,
  'audit.read': ADMINS,
  /** Secretaries and members read their own organization's records (scoped to it). */
  'orgs.read': ['district_admin', 'street_admin', 'instructor', 'secretary', 'member'],
  'orgs.write': ADMINS,
  /** The standardization checklist is kept by the organization itself, too. */
  'orgs.checklist': ['district_admin', 'street_admin', 'secretary'],
  'people.read': ['district_admin', 'street_admin', 'instructor'],
  'people.write': ADMINS,
  'coverage.read': TERRITORY_STAFF,
  'coverage.write': ADMINS,
  'settings.read': TERRITORY_STAFF,
  'settings.write': ['district_admin'],
  /** The members registry (scoped by the member's organization); members see themselves through 'me'. */
  'members.read': ['district_admin', 'street_admin', 'instructor', 'secretary'],
  'members.write': ['district_admin', 'street_admin', 'secretary'],
  /** Who may see a full resident ID or phone number; every reveal is audited. */
  'members.reveal': ['district_admin', 'secretary'],
  'transfers.write': ['district_admin', 'street_admin', 'secretary'],
  /** A user's own member record (stage, transfers, reports while away). */
  me: ROLES,
  /** Organizational life: members read their own organization's meetings (scoped to it); minutes only in scope. */
  'life.read': ['district_admin', 'street_admin', 'instructor', 'secretary', 'member'],
  /** Plan meetings, roll call, minutes, training hours, activity positions and bookings. */
  'life.write': ['district_admin', 'street_admin', 'secretary'],
  /** Check in to a meeting from one's phone (party members: members and secretaries). */
  checkin: ['secretary', 'member'],
  /** Member development: the pipeline of applicants, activists, candidates and probationary members (scoped by organization). */
  'development.read': ['district_admin', 'street_admin', 'instructor', 'secretary'],
  'development.write': ['district_admin', 'street_admin', 'secretary'],
  /** The district's working-day calendar (holidays, adjusted weekends) for notice periods. */
  'calendar.write': ['district_admin'],
  /** Import a roster of members and people in development from a spreadsheet (rows scoped like members.write). */
  'members.import': ['district_admin', 'street_admin', 'secretary'],
} satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(GRANTS, value);
}

export function allows(permission: Permission, role: Role): boolean {
  return (GRANTS[permission] as readonly Role[]).includes(role);
}
