/**
 * The members entries of the side menu (by permission), and which of them an
 * address belongs to. "My membership" (/me) shows for members and
 * secretaries — the roles that normally have a member record; anyone whose
 * account is linked to one can open it.
 */
import { DisconnectOutlined, IdcardOutlined, NodeIndexOutlined, RiseOutlined, SwapOutlined, TeamOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Me } from '../../lib/types.ts';

type MembersNavKey = 'members' | 'development' | 'transfers' | 'mobile' | 'lostContact' | 'me';

const MEMBER_PAGES: { path: string; key: MembersNavKey; permission: string; icon: ReactNode; roles?: string[] }[] = [
  { path: '/members', key: 'members', permission: 'members.read', icon: <TeamOutlined /> },
  { path: '/development', key: 'development', permission: 'development.read', icon: <RiseOutlined /> },
  { path: '/transfers', key: 'transfers', permission: 'members.read', icon: <SwapOutlined /> },
  { path: '/mobile', key: 'mobile', permission: 'members.read', icon: <NodeIndexOutlined /> },
  { path: '/lost-contact', key: 'lostContact', permission: 'members.read', icon: <DisconnectOutlined /> },
  { path: '/me', key: 'me', permission: 'me', icon: <IdcardOutlined />, roles: ['member', 'secretary'] },
];

export function membersMenu(user: Me, t: TFunction) {
  const pages = MEMBER_PAGES.filter((p) => user.permissions.includes(p.permission) && (!p.roles || p.roles.includes(user.role)));
  const items: NonNullable<MenuProps['items']> = pages.map((p) => ({
    key: p.path,
    icon: p.icon,
    label: <span data-testid={`nav-${p.key}`}>{t(`members.nav.${p.key}`)}</span>,
  }));
  /** The entry an address belongs to (the longest path it starts with); /units/:id/talent belongs to the members list. */
  const selected = (pathname: string) =>
    (/^\/units\/\d+\/talent$/.test(pathname) && pages.some((p) => p.key === 'members') ? '/members' : undefined) ??
    pages.filter((p) => pathname === p.path || pathname.startsWith(p.path + '/')).sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return { items, selected };
}

/** Where a member lands after logging in: their own page. */
export function memberHome(user: Me): string | null {
  return user.role === 'member' ? '/me' : null;
}
