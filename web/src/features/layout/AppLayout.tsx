import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  LogoutOutlined,
  MenuOutlined,
  OrderedListOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Layout, Menu, Result, Spin, Typography, theme, type MenuProps } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { pageOf, pagesFor, useSession, useUser, type PageKey } from '../auth/session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { lifeMenu } from '../life/nav.tsx';
import { membersMenu } from '../members/nav.tsx';

const ICONS: Record<PageKey, ReactNode> = {
  coverage: <DashboardOutlined />,
  worklist: <OrderedListOutlined />,
  map: <EnvironmentOutlined />,
  orgs: <FlagOutlined />,
  myOrg: <FlagOutlined />,
  standardization: <SafetyCertificateOutlined />,
  settings: <SettingOutlined />,
  territory: <ApartmentOutlined />,
  units: <BankOutlined />,
  audit: <AuditOutlined />,
};

function Brand({ collapsed, dark }: { collapsed: boolean; dark: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        height: 64,
        display: 'flex',
        alignItems: 'center',
        gap: 10,
        padding: collapsed ? '0 24px' : '0 20px',
        overflow: 'hidden',
        whiteSpace: 'nowrap',
      }}
    >
      <div
        style={{
          flex: 'none',
          width: 28,
          height: 28,
          borderRadius: 6,
          background: '#c8161d',
          color: '#fff',
          display: 'grid',
          placeItems: 'center',
          fontWeight: 700,
        }}
      >
        凝
      </div>
      {!collapsed && (
        <span style={{ color: dark ? '#fff' : 'rgba(0,0,0,.88)', fontWeight: 600, fontSize: 16 }}>{t('app.short')}</span>
      )}
    </div>
  );
}

/** The Ant Design Pro-like shell: side menu from the user's permissions, header with district, language and user. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useSession();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();

  const pages = pagesFor(user);
  const items: MenuProps['items'] = pages.map((p) => ({
    key: p.path,
    icon: ICONS[p.key],
    label: <span data-testid={`nav-${p.key}`}>{t(`nav.${p.key}`)}</span>,
  }));
  const life = lifeMenu(user, t);
  items.push(...life.items);
  const membersNav = membersMenu(user, t);
  items.push(...membersNav.items);
  const selected = pageOf(pages, location.pathname)?.path ?? life.selected(location.pathname) ?? membersNav.selected(location.pathname);
  const go: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false);
    navigate(key);
  };

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div style={{ lineHeight: 1.5 }}>
          <div style={{ color: token.colorText }}>{user.displayName}</div>
          <div style={{ fontSize: 12 }}>{l('role', user.role)}</div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('header.logout')}</span> },
  ];
  const onUserMenu: MenuProps['onClick'] = async ({ key }) => {
    // Logging out drops the session; RequireAuth then shows the login page.
    if (key === 'logout') await logout();
  };

  const scopeName = user.scope.territoryName;
  const content = pages.length ? (
    <Suspense
      fallback={
        <div style={{ display: 'grid', placeItems: 'center', padding: 64 }}>
          <Spin />
        </div>
      }
    >
      <Outlet />
    </Suspense>
  ) : (
    <Result status="info" title={t('common.noPages')} />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isMobile && (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={208}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Brand collapsed={collapsed} dark />
          <Menu theme="dark" mode="inline" items={items} selectedKeys={selected ? [selected] : []} onClick={go} data-testid="side-menu" />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            display: 'flex',
            alignItems: 'center',
            gap: isMobile ? 8 : 16,
            height: isMobile ? 56 : 64,
            lineHeight: isMobile ? '56px' : '64px',
            padding: isMobile ? '0 8px' : '0 24px',
            background: token.colorBgContainer,
            boxShadow: '0 1px 4px rgba(0,21,41,.08)',
          }}
        >
          {isMobile && (
            <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('nav.menu')} data-testid="menu-button" />
          )}
          <div style={{ flex: 1, minWidth: 0, display: 'flex', alignItems: 'baseline', gap: 8, overflow: 'hidden', whiteSpace: 'nowrap' }}>
            <Typography.Text strong ellipsis style={{ fontSize: isMobile ? 15 : 16 }} data-testid="district-name">
              {user.district.name}
            </Typography.Text>
            {!isMobile && user.scope.partyOrgId === null && (
              <Typography.Text type="secondary" ellipsis>
                {t('header.scope', { name: scopeName && user.scope.territoryId ? scopeName : t('header.wholeDistrict') })}
              </Typography.Text>
            )}
          </div>
          <LanguageSwitch size={isMobile ? 'small' : 'middle'} />
          <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="user-menu" style={{ paddingInline: isMobile ? 4 : 8 }}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c8161d' }} />
              {!isMobile && <span>{user.displayName}</span>}
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>{content}</Layout.Content>
      </Layout>
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={256}
          closable={false}
          styles={{ body: { padding: 0 } }}
        >
          <Brand collapsed={false} dark={false} />
          <Menu mode="inline" items={items} selectedKeys={selected ? [selected] : []} onClick={go} data-testid="drawer-menu" style={{ borderInlineEnd: 0 }} />
        </Drawer>
      )}
    </Layout>
  );
}
