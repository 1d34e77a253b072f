import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { RequireAuth } from '../auth/RequireAuth.tsx';

const CheckInPage = lazy(() => import('./CheckInPage.tsx').then((m) => ({ default: m.CheckInPage })));

/** /m/check-in: a page of its own (no side menu, phone first) behind login; the code survives the login redirect. */
export function CheckInRoute() {
  return (
    <RequireAuth>
      <Suspense
        fallback={
          <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
            <Spin size="large" />
          </div>
        }
      >
        <CheckInPage />
      </Suspense>
    </RequireAuth>
  );
}
