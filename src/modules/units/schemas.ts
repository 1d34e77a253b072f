import Type from 'typebox';
import { COVERAGE_STATES } from '../../domain/coverage.js';
import { INDUSTRIES, OWNERSHIPS, SIZE_BANDS, UNIT_KINDS, UNIT_STATUSES } from '../../domain/units.js';
import { DateString, ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';

const Lng = Type.Number({ minimum: 73, maximum: 136 });
const Lat = Type.Number({ minimum: 3, maximum: 54 });
const Count = Type.Integer({ minimum: 0, maximum: 10_000_000 });

export const Unit = Type.Object({
  id: Type.Integer(),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  territoryKind: Type.String(),
  streetId: Nullable(Type.Integer()),
  streetName: Nullable(Type.String()),
  name: Type.String(),
  creditCode: Type.String(),
  kind: StringEnum(UNIT_KINDS),
  ownership: StringEnum(OWNERSHIPS),
  industry: StringEnum(INDUSTRIES),
  employeeCount: Type.Integer(),
  sizeBand: StringEnum(SIZE_BANDS),
  surveyedMemberCount: Type.Integer({ description: 'party members the survey found in the unit' }),
  address: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  registeredOn: Nullable(Type.String()),
  status: StringEnum(UNIT_STATUSES),
  coverage: StringEnum(COVERAGE_STATES, { description: 'own organization, joint, work coverage only, or none' }),
  closedOn: Nullable(Type.String()),
  closedReason: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const UNIT_SORTS = ['name', 'employeeCount', 'surveyedMemberCount', 'registeredOn', 'createdAt', 'updatedAt'] as const;

export const UnitFilters = {
  territoryId: Type.Optional(Type.Integer({ minimum: 1, description: 'the node and everything under it' })),
  kind: Type.Optional(StringEnum(UNIT_KINDS)),
  ownership: Type.Optional(StringEnum(OWNERSHIPS)),
  industry: Type.Optional(StringEnum(INDUSTRIES)),
  sizeBand: Type.Optional(StringEnum(SIZE_BANDS)),
  status: Type.Optional(StringEnum(UNIT_STATUSES)),
  coverage: Type.Optional(StringEnum(COVERAGE_STATES)),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the name (any length), or the start of the credit code' })),
};

export const UnitListQuery = Type.Object(
  { ...PageQuery, sort: SortQuery(UNIT_SORTS), ...UnitFilters },
  { additionalProperties: false },
);
export const UnitExportQuery = Type.Object(
  { sort: SortQuery(UNIT_SORTS), ...UnitFilters, lang: Type.Optional(StringEnum(['zh-CN', 'en'])) },
  { additionalProperties: false },
);
export const UnitList = ListOf(Unit);

const editable = {
  territoryId: Type.Integer({ minimum: 1 }),
  name: Type.String({ minLength: 2, maxLength: 200 }),
  creditCode: Type.String({ minLength: 1, maxLength: 32 }),
  kind: StringEnum(UNIT_KINDS),
  ownership: StringEnum(OWNERSHIPS),
  industry: StringEnum(INDUSTRIES),
  employeeCount: Count,
  surveyedMemberCount: Count,
  address: Nullable(Type.String({ maxLength: 300 })),
  lng: Nullable(Lng),
  lat: Nullable(Lat),
  registeredOn: Nullable(DateString),
};

export const CreateUnit = Type.Object(
  {
    territoryId: editable.territoryId,
    name: editable.name,
    creditCode: editable.creditCode,
    kind: editable.kind,
    ownership: editable.ownership,
    industry: editable.industry,
    employeeCount: editable.employeeCount,
    surveyedMemberCount: Type.Optional(editable.surveyedMemberCount),
    address: Type.Optional(editable.address),
    lng: Type.Optional(editable.lng),
    lat: Type.Optional(editable.lat),
    registeredOn: Type.Optional(editable.registeredOn),
  },
  { additionalProperties: false },
);

export const UpdateUnit = Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 });

export const CloseUnit = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }), closedOn: Type.Optional(DateString) },
  { additionalProperties: false },
);
