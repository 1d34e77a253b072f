import Type from 'typebox';
import { GENDERS, MOBILE_MODES } from '../../domain/members.js';
import { DateString, ListOf, Nullable, PageQuery, StringEnum } from '../../server/schemas.js';

const OrgRef = Type.Object({ id: Type.Integer(), name: Type.String() });

export const MobileReport = Type.Object({
  id: Type.Integer(),
  reportedOn: Type.String(),
  location: Nullable(Type.String()),
  content: Type.String(),
  createdAt: Type.String(),
});

export const MobileRecord = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  memberName: Type.String(),
  gender: Nullable(StringEnum(GENDERS)),
  phone: Nullable(Type.String({ description: 'masked' })),
  homeOrg: OrgRef,
  destination: Type.String(),
  reason: Type.String(),
  leftOn: Type.String(),
  expectedUntil: Nullable(Type.String()),
  certificateNo: Nullable(Type.String()),
  hostOrg: Nullable(OrgRef),
  mode: Nullable(StringEnum(MOBILE_MODES)),
  reportEveryMonths: Type.Integer(),
  returnedOn: Nullable(Type.String()),
  lastReportOn: Nullable(Type.String()),
  reportCount: Type.Integer(),
  nextReportDue: Nullable(Type.String({ description: 'null once returned' })),
  overdue: Type.Boolean(),
  shouldTransfer: Type.Boolean({ description: 'away 6 months or more: the relation should transfer if the member settled at a fixed place (Education)' }),
});
export const MobileRecordDetail = Type.Object({ ...MobileRecord.properties, reports: Type.Array(MobileReport) });
export const MobileList = ListOf(MobileRecord);

export const HostedMember = Type.Object({
  id: Type.Integer({ description: 'the mobile record' }),
  memberId: Type.Integer(),
  memberName: Type.String(),
  gender: Nullable(StringEnum(GENDERS)),
  phone: Nullable(Type.String({ description: 'masked' })),
  homeOrg: OrgRef,
  hostOrg: OrgRef,
  mode: Nullable(StringEnum(MOBILE_MODES)),
  leftOn: Type.String(),
  expectedUntil: Nullable(Type.String()),
  votesAtHost: Type.Literal(false),
  note: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
});
export const HostedList = ListOf(HostedMember);

export const StartMobile = Type.Object(
  {
    destination: Type.String({ minLength: 2, maxLength: 200 }),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
    leftOn: DateString,
    expectedUntil: Type.Optional(Nullable(DateString)),
    certificateNo: Type.Optional(Nullable(Type.String({ maxLength: 50, description: 'mobile member certificate (流动党员活动证)' }))),
    hostOrgId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'host organization in the district, whose life the member joins' }))),
    mode: Type.Optional(Nullable(StringEnum(MOBILE_MODES, { description: 'centralized (a branch of migrants) or affiliated (attached to a local branch)' }))),
    reportEveryMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'default 3 (practice)' })),
  },
  { additionalProperties: false },
);
export const ReturnMobile = Type.Object({ returnedOn: Type.Optional(DateString) }, { additionalProperties: false });
export const AddReport = Type.Object(
  {
    reportedOn: Type.Optional(DateString),
    location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    content: Type.String({ minLength: 2, maxLength: 4000 }),
  },
  { additionalProperties: false },
);

export const MobileListQuery = Type.Object(
  {
    ...PageQuery,
    orgId: Type.Optional(Type.Integer({ minimum: 1, description: 'home organization, with those under it' })),
    overdue: Type.Optional(Type.Boolean({ description: 'only those whose next report is past due' })),
  },
  { additionalProperties: false },
);
export const HostedListQuery = Type.Object(
  { ...PageQuery, orgId: Type.Optional(Type.Integer({ minimum: 1, description: 'host organization, with those under it' })) },
  { additionalProperties: false },
);
