import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router-dom';
import { ApiError } from './lib/api.ts';
import { useLang } from './lib/i18n.ts';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { RequireAuth, RequirePermission } from './features/auth/RequireAuth.tsx';
import { homePath, sessionQuery, SessionProvider, useUser } from './features/auth/session.tsx';
import { prefetchCoverageSummary, territoryIdOf } from './features/coverage/api.ts';
import { AppLayout } from './features/layout/AppLayout.tsx';
import { CheckInRoute } from './features/checkin/CheckInRoute.tsx';

// Pages load on demand (antd tables, trees and pickers stay out of the login page).
const TerritoryPage = lazy(() => import('./features/territory/TerritoryPage.tsx').then((m) => ({ default: m.TerritoryPage })));
const UnitsPage = lazy(() => import('./features/units/UnitsPage.tsx').then((m) => ({ default: m.UnitsPage })));
const AuditPage = lazy(() => import('./features/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const loadCoveragePage = () => import('./features/coverage/CoveragePage.tsx');
const CoveragePage = lazy(() => loadCoveragePage().then((m) => ({ default: m.CoveragePage })));
const WorklistPage = lazy(() => import('./features/coverage/WorklistPage.tsx').then((m) => ({ default: m.WorklistPage })));
const MapPage = lazy(() => import('./features/coverage/MapPage.tsx').then((m) => ({ default: m.MapPage })));
const OrgsPage = lazy(() => import('./features/orgs/OrgsPage.tsx').then((m) => ({ default: m.OrgsPage })));
const StandardizationPage = lazy(() => import('./features/standardization/StandardizationPage.tsx').then((m) => ({ default: m.StandardizationPage })));
const RuleSettingsPage = lazy(() => import('./features/settings/RuleSettingsPage.tsx').then((m) => ({ default: m.RuleSettingsPage })));
const OrgPage = lazy(() => import('./features/orgs/OrgPage.tsx').then((m) => ({ default: m.OrgPage })));
const LifeCalendarPage = lazy(() => import('./features/life/LifeCalendarPage.tsx').then((m) => ({ default: m.LifeCalendarPage })));
const MeetingPage = lazy(() => import('./features/life/MeetingPage.tsx').then((m) => ({ default: m.MeetingPage })));
const CompliancePage = lazy(() => import('./features/life/CompliancePage.tsx').then((m) => ({ default: m.CompliancePage })));
const TrainingPage = lazy(() => import('./features/life/TrainingPage.tsx').then((m) => ({ default: m.TrainingPage })));
const PositionsPage = lazy(() => import('./features/life/PositionsPage.tsx').then((m) => ({ default: m.PositionsPage })));
const MyMeetingsPage = lazy(() => import('./features/life/MyMeetingsPage.tsx').then((m) => ({ default: m.MyMeetingsPage })));
const MembersPage = lazy(() => import('./features/members/MembersPage.tsx').then((m) => ({ default: m.MembersPage })));
const MemberPage = lazy(() => import('./features/members/MemberPage.tsx').then((m) => ({ default: m.MemberPage })));
const DevelopmentPage = lazy(() => import('./features/members/DevelopmentPage.tsx').then((m) => ({ default: m.DevelopmentPage })));
const MemberImportPage = lazy(() => import('./features/members/ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const TransfersPage = lazy(() => import('./features/members/ListPages.tsx').then((m) => ({ default: m.TransfersPage })));
const MobilePage = lazy(() => import('./features/members/ListPages.tsx').then((m) => ({ default: m.MobilePage })));
const LostContactPage = lazy(() => import('./features/members/ListPages.tsx').then((m) => ({ default: m.LostContactPage })));
const ToFindPage = lazy(() => import('./features/members/ListPages.tsx').then((m) => ({ default: m.ToFindPage })));
const TalentPage = lazy(() => import('./features/members/Talent.tsx').then((m) => ({ default: m.TalentPage })));
const MePage = lazy(() => import('./features/me/MePage.tsx').then((m) => ({ default: m.MePage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // 4xx answers will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

/**
 * Pages whose code and first data start loading at boot when the app opens on
 * them, beside the session check. Otherwise each step waits for the one
 * before: the session, the first render, the layout, the page's chunk, its
 * mount, its data (the coverage KPIs came 2.5–4 s after navigation,
 * bench/page-waterfall.ts). Without a session the data request gets a 401,
 * which is ignored (lib/api.ts), and the login page clears it.
 */
const FIRST_PAGE_PRELOADS: Record<string, { load: () => Promise<unknown>; prefetch: (search: URLSearchParams) => Promise<void> }> = {
  '/coverage': { load: loadCoveragePage, prefetch: (sp) => prefetchCoverageSummary(queryClient, territoryIdOf(sp)) },
};

function preloadFirstPage(): void {
  void queryClient.prefetchQuery(sessionQuery);
  const page = FIRST_PAGE_PRELOADS[window.location.pathname];
  if (!page) return;
  void page.prefetch(new URLSearchParams(window.location.search));
  // A chunk that fails here fails again, visibly, when the page renders.
  page.load().catch(() => undefined);
}
preloadFirstPage();

function Home() {
  const user = useUser();
  const path = homePath(user);
  return path ? <Navigate to={path} replace /> : null;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

function Page({ permission, children }: { permission: string; children: ReactNode }) {
  return <RequirePermission permission={permission}>{children}</RequirePermission>;
}

export function App() {
  const lang = useLang();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#c8161d', borderRadius: 6 }, components: { Layout: { siderBg: '#001529' } } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <SessionProvider>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/m/check-in" element={<CheckInRoute />} />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<Home />} />
                  <Route path="/territory" element={<Page permission="territory.read"><TerritoryPage /></Page>} />
                  <Route path="/units" element={<Page permission="units.read"><UnitsPage /></Page>} />
                  <Route path="/audit" element={<Page permission="audit.read"><AuditPage /></Page>} />
                  <Route path="/coverage" element={<Page permission="coverage.read"><CoveragePage /></Page>} />
                  <Route path="/coverage/worklist" element={<Page permission="coverage.read"><WorklistPage /></Page>} />
                  <Route path="/coverage/map" element={<Page permission="coverage.read"><MapPage /></Page>} />
                  <Route path="/orgs" element={<Page permission="orgs.read"><OrgsPage /></Page>} />
                  <Route path="/orgs/:id" element={<Page permission="orgs.read"><OrgPage /></Page>} />
                  <Route path="/standardization" element={<Page permission="coverage.read"><StandardizationPage /></Page>} />
                  <Route path="/settings/rules" element={<Page permission="settings.read"><RuleSettingsPage /></Page>} />
                  <Route path="/life" element={<Page permission="life.read"><LifeCalendarPage /></Page>} />
                  <Route path="/life/meetings/:id" element={<Page permission="life.read"><MeetingPage /></Page>} />
                  <Route path="/life/compliance" element={<Page permission="life.read"><CompliancePage /></Page>} />
                  <Route path="/life/training" element={<Page permission="life.read"><TrainingPage /></Page>} />
                  <Route path="/life/positions" element={<Page permission="life.read"><PositionsPage /></Page>} />
                  <Route path="/me/meetings" element={<Page permission="life.read"><MyMeetingsPage /></Page>} />
                  <Route path="/members" element={<Page permission="members.read"><MembersPage /></Page>} />
                  <Route path="/members/to-find" element={<Page permission="members.read"><ToFindPage /></Page>} />
                  <Route path="/members/import" element={<Page permission="members.import"><MemberImportPage /></Page>} />
                  <Route path="/members/:id" element={<Page permission="members.read"><MemberPage /></Page>} />
                  <Route path="/development" element={<Page permission="development.read"><DevelopmentPage /></Page>} />
                  <Route path="/transfers" element={<Page permission="members.read"><TransfersPage /></Page>} />
                  <Route path="/mobile" element={<Page permission="members.read"><MobilePage /></Page>} />
                  <Route path="/lost-contact" element={<Page permission="members.read"><LostContactPage /></Page>} />
                  <Route path="/units/:id/talent" element={<Page permission="members.read"><TalentPage /></Page>} />
                  <Route path="/me" element={<Page permission="me"><MePage /></Page>} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
