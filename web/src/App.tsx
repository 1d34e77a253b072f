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
import { homePath, SessionProvider, useUser } from './features/auth/session.tsx';
import { AppLayout } from './features/layout/AppLayout.tsx';

// Pages load on demand (antd tables, trees and pickers stay out of the login page).
const TerritoryPage = lazy(() => import('./features/territory/TerritoryPage.tsx').then((m) => ({ default: m.TerritoryPage })));
const UnitsPage = lazy(() => import('./features/units/UnitsPage.tsx').then((m) => ({ default: m.UnitsPage })));
const AuditPage = lazy(() => import('./features/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

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
