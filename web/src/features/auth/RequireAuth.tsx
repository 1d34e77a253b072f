import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { errorText } from '../../lib/forms.ts';
import { useSession } from './session.tsx';

/** Shows its children to a logged-in user; sends anyone else to /login and back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading, error, refetch, loggedOut } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (loading) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (error && user === undefined) {
    return (
      <Result
        status="error"
        title={t('common.loadFailed')}
        subTitle={errorText(error)}
        extra={<Button onClick={refetch}>{t('common.retry')}</Button>}
      />
    );
  }
  // Back to where they were after logging in again, unless they logged out on purpose.
  if (!user) return <Navigate to="/login" replace state={loggedOut ? null : { from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** A page only some roles may open. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useSession();
  const { t } = useTranslation();
  if (!can(permission)) return <Result status="403" title="403" subTitle={t('common.forbidden')} />;
  return <>{children}</>;
}
