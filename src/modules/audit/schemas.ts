import Type from 'typebox';
import { ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorUserId: Nullable(Type.Integer()),
  actorName: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Nullable(Type.String()),
});

export const AuditFilters = {
  action: Type.Optional(Type.String({ maxLength: 64 })),
  entityType: Type.Optional(Type.String({ maxLength: 64 })),
  entityId: Type.Optional(Type.String({ maxLength: 64 })),
  actor: Type.Optional(Type.String({ maxLength: 64, description: 'username' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};

export const AuditListQuery = Type.Object(
  { ...PageQuery, sort: SortQuery(['at'] as const), ...AuditFilters },
  { additionalProperties: false },
);
export const AuditExportQuery = Type.Object(
  { ...AuditFilters, lang: Type.Optional(StringEnum(['zh-CN', 'en'])) },
  { additionalProperties: false },
);
export const AuditList = ListOf(AuditEntry);
