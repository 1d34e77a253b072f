/**
 * Shapes of the API answers the web app reads (see src/modules/<context>/schemas.ts,
 * the source of truth, and /api/v1/openapi.json).
 */
import type { TerritoryKind } from '../../../src/domain/territory.ts';
import type { Industry, Ownership, SizeBand, UnitKind, UnitStatus } from '../../../src/domain/units.ts';

export type { TerritoryKind, Industry, Ownership, SizeBand, UnitKind, UnitStatus };

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: string;
  locale: string;
  district: { id: number; name: string; timeZone: string };
  scope: {
    territoryId: number | null;
    territoryName: string | null;
    territoryPath: string | null;
    partyOrgId: number | null;
  };
  permissions: string[];
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface TreeNode {
  id: number;
  parentId: number | null;
  kind: TerritoryKind;
  name: string;
  status: string;
  depth: number;
  lng: number | null;
  lat: number | null;
  unitCount: number;
}

export interface Territory {
  id: number;
  parentId: number | null;
  kind: TerritoryKind;
  name: string;
  code: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  path: string;
  depth: number;
  status: 'active' | 'closed';
  closedAt: string | null;
  closedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Unit {
  id: number;
  territoryId: number;
  territoryName: string;
  territoryKind: string;
  streetId: number | null;
  streetName: string | null;
  name: string;
  creditCode: string;
  kind: UnitKind;
  ownership: Ownership;
  industry: Industry;
  employeeCount: number;
  sizeBand: SizeBand;
  surveyedMemberCount: number;
  address: string | null;
  lng: number | null;
  lat: number | null;
  registeredOn: string | null;
  status: UnitStatus;
  closedOn: string | null;
  closedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UnitInput {
  territoryId: number;
  name: string;
  creditCode: string;
  kind: UnitKind;
  ownership: Ownership;
  industry: Industry;
  employeeCount: number;
  surveyedMemberCount?: number;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
  registeredOn?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}
