/**
 * The organizational-life entries of the side menu (by permission; members
 * see their organization's calendar and their own meetings, not the
 * management pages), and which of them an address belongs to.
 */
import { CalendarOutlined, CarryOutOutlined, EnvironmentOutlined, ReadOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Me } from '../../lib/types.ts';

type LifeNavKey = 'calendar' | 'compliance' | 'training' | 'positions' | 'my';

const LIFE_PAGES: { path: string; key: LifeNavKey; permission: string; icon: ReactNode; notFor?: string[] }[] = [
  { path: '/life', key: 'calendar', permission: 'life.read', icon: <CalendarOutlined /> },
  { path: '/life/compliance', key: 'compliance', permission: 'life.read', icon: <CarryOutOutlined />, notFor: ['member'] },
  { path: '/life/training', key: 'training', permission: 'life.read', icon: <ReadOutlined />, notFor: ['member'] },
  { path: '/life/positions', key: 'positions', permission: 'life.read', icon: <EnvironmentOutlined />, notFor: ['member'] },
  { path: '/me/meetings', key: 'my', permission: 'checkin', icon: <ScheduleOutlined /> },
];

export function lifeMenu(user: Me, t: TFunction) {
  const pages = LIFE_PAGES.filter((p) => user.permissions.includes(p.permission) && !p.notFor?.includes(user.role));
  const items: NonNullable<MenuProps['items']> = pages.map((p) => ({
    key: p.path,
    icon: p.icon,
    label: <span data-testid={`nav-life-${p.key}`}>{t(`life.nav.${p.key}`)}</span>,
  }));
  /** The entry an address belongs to (the longest path it starts with). */
  const selected = (pathname: string) =>
    pages
      .filter((p) => pathname === p.path || pathname.startsWith(p.path + '/'))
      .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return { items, selected };
}
