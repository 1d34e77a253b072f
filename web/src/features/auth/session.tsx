import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from '../../lib/api.ts';
import { setTimeZone } from '../../lib/format.ts';
import type { Me, Session } from '../../lib/types.ts';
import { memberHome } from '../members/nav.tsx';

export const SESSION_KEY = ['session'] as const;

/** The pages of the app, in menu order, with the permission each needs. */
export const PAGES = [
  { path: '/coverage', permission: 'coverage.read', key: 'coverage' },
  { path: '/coverage/worklist', permission: 'coverage.read', key: 'worklist' },
  { path: '/coverage/map', permission: 'coverage.read', key: 'map' },
  { path: '/orgs', permission: 'orgs.read', key: 'orgs' },
  { path: '/standardization', permission: 'coverage.read', key: 'standardization' },
  { path: '/units', permission: 'units.read', key: 'units' },
  { path: '/territory', permission: 'territory.read', key: 'territory' },
  { path: '/audit', permission: 'audit.read', key: 'audit' },
  { path: '/settings/rules', permission: 'settings.read', key: 'settings' },
] as const;
export type PageKey = (typeof PAGES)[number]['key'] | 'myOrg';

export interface NavPage {
  path: string;
  key: PageKey;
}

/**
 * The pages a user's menu shows. Secretaries and members (scoped to their
 * organization) get "my organization" — their own organization's page —
 * instead of the list of organizations.
 */
export function pagesFor(user: Me): NavPage[] {
  return PAGES.filter((p) => user.permissions.includes(p.permission)).map((p) =>
    p.key === 'orgs' && user.scope.partyOrgId !== null ? { path: `/orgs/${user.scope.partyOrgId}`, key: 'myOrg' as const } : p,
  );
}

/** The menu entry an address belongs to: the longest page path it starts with. */
export function pageOf(pages: readonly NavPage[], pathname: string): NavPage | undefined {
  return pages
    .filter((p) => pathname === p.path || pathname.startsWith(p.path + '/'))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** Where to land after login: the units page when permitted, else the first permitted page (a secretary's own organization). */
export function homePath(user: Me): string | null {
  if (memberHome(user)) return memberHome(user);
  if (user.permissions.includes('units.read')) return '/units';
  return pagesFor(user)[0]?.path ?? null;
}

async function fetchSession(): Promise<Session | null> {
  try {
    const s = await api.get<Session>('/auth/me');
    setCsrfToken(s.csrfToken);
    setTimeZone(s.user.district.timeZone);
    return s;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

/** The session check; the app's boot starts it before the first render (App.tsx). */
export const sessionQuery = queryOptions({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });

interface SessionValue {
  /** undefined while the first /auth/me is on its way. */
  user: Me | null | undefined;
  loading: boolean;
  error: unknown;
  expired: boolean;
  /** The user logged out in this page (the login page then starts afresh, not where they were). */
  loggedOut: boolean;
  can(permission: string): boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refetch(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const query = useQuery(sessionQuery);
  const [expired, setExpired] = useState(false);
  const [loggedOut, setLoggedOut] = useState(false);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      // Any API call answered 401: the session is gone (expired, logged out elsewhere).
      setCsrfToken(null);
      setExpired(true);
      qc.setQueryData(SESSION_KEY, null);
    });
    return () => setUnauthenticatedHandler(null);
  }, [qc]);

  const login = useCallback(
    async (username: string, password: string) => {
      const s = await api.post<Session>('/auth/login', { username, password });
      setCsrfToken(s.csrfToken);
      setTimeZone(s.user.district.timeZone);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      setExpired(false);
      setLoggedOut(false);
      qc.setQueryData(SESSION_KEY, s);
      return s.user;
    },
    [qc],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch {
      // already logged out: fine
    }
    setCsrfToken(null);
    setLoggedOut(true);
    qc.setQueryData(SESSION_KEY, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  }, [qc]);

  const { refetch } = query;
  const user = query.data === undefined ? undefined : (query.data?.user ?? null);
  const value = useMemo<SessionValue>(
    () => ({
      user,
      loading: query.isPending,
      error: query.error,
      expired,
      loggedOut,
      can: (p) => !!user && user.permissions.includes(p),
      login,
      logout,
      refetch: () => void refetch(),
    }),
    [user, query.isPending, query.error, expired, loggedOut, login, logout, refetch],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The logged-in user (inside RequireAuth). */
export function useUser(): Me {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a logged-in user');
  return user;
}
