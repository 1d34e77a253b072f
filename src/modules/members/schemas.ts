import Type from 'typebox';
import { CLOSE_REASONS, EDUCATION_LEVELS, GENDERS, MEMBER_STAGES, MEMBER_STATUSES, OCCUPATIONS, REGISTRABLE_STAGES } from '../../domain/members.js';
import { DateString, ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';

const Flags = Type.Object({
  keyPost: Type.Boolean(),
  technicalBackbone: Type.Boolean(),
  middleManagement: Type.Boolean(),
  decisionLevel: Type.Boolean(),
});

export const Member = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  name: Type.String(),
  gender: Nullable(StringEnum(GENDERS)),
  ethnicity: Nullable(Type.String()),
  age: Nullable(Type.Integer({ description: 'whole years today, from the birth date in the resident ID' })),
  residentId: Nullable(Type.String({ description: 'always masked (1101**********002X); the full value only through /reveal, audited' })),
  phone: Nullable(Type.String({ description: 'always masked (138****5678)' })),
  education: Nullable(StringEnum(EDUCATION_LEVELS)),
  occupation: Nullable(StringEnum(OCCUPATIONS)),
  orgId: Type.Integer(),
  orgName: Type.String(),
  stage: StringEnum(MEMBER_STAGES),
  stageDates: Type.Object({
    appliedOn: Nullable(Type.String()),
    activistOn: Nullable(Type.String()),
    candidateOn: Nullable(Type.String()),
    admittedOn: Nullable(Type.String()),
    fullOn: Nullable(Type.String()),
    probationUntil: Nullable(Type.String()),
  }),
  employerUnitId: Nullable(Type.Integer()),
  employerUnitName: Nullable(Type.String()),
  position: Nullable(Type.String({ description: 'position in the employer unit' })),
  inUnitManagement: Type.Boolean({ description: 'in the unit\'s management (cross-appointment when also holding a party post)' }),
  flags: Flags,
  isMobile: Type.Boolean(),
  lastContactOn: Nullable(Type.String()),
  status: StringEnum(MEMBER_STATUSES),
  closedOn: Nullable(Type.String()),
  closedReason: Nullable(StringEnum(CLOSE_REASONS)),
});

export const MemberDetail = Type.Object({
  ...Member.properties,
  lostContactSince: Nullable(Type.String({ description: 'set when 6 months have passed without contact (Education)' })),
  openTransferId: Nullable(Type.Integer()),
  openMobileRecordId: Nullable(Type.Integer()),
  openLostContactCaseId: Nullable(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const MemberList = ListOf(Member);

export const MEMBER_SORTS = ['name', 'stage', 'admittedOn', 'fullOn', 'age', 'lastContactOn', 'createdAt'] as const;
const MemberFilters = {
  orgId: Type.Optional(Type.Integer({ minimum: 1, description: 'members of this organization and those under it' })),
  territoryId: Type.Optional(Type.Integer({ minimum: 1, description: 'members of organizations sitting in this territory subtree' })),
  stage: Type.Optional(StringEnum(MEMBER_STAGES)),
  status: Type.Optional(StringEnum(MEMBER_STATUSES)),
  gender: Type.Optional(StringEnum(GENDERS)),
  keyPost: Type.Optional(Type.Boolean()),
  technicalBackbone: Type.Optional(Type.Boolean()),
  middleManagement: Type.Optional(Type.Boolean()),
  decisionLevel: Type.Optional(Type.Boolean()),
  mobile: Type.Optional(Type.Boolean()),
  employerUnitId: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Type.String({ maxLength: 50, description: 'part of the name' })),
};
export const MemberListQuery = Type.Object({ ...PageQuery, sort: SortQuery(MEMBER_SORTS), ...MemberFilters }, { additionalProperties: false });
export const MemberExportQuery = Type.Object(
  { sort: SortQuery(MEMBER_SORTS), ...MemberFilters, lang: Type.Optional(StringEnum(['zh-CN', 'en'])) },
  { additionalProperties: false },
);

const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$|^0\\d{2,3}-?\\d{7,8}$', description: 'mobile or landline' });
const ResidentId = Type.String({ minLength: 1, maxLength: 30, description: '18 characters (GB 11643); checked, encrypted at rest' });

const editable = {
  name: Type.String({ minLength: 2, maxLength: 50 }),
  gender: StringEnum(GENDERS),
  ethnicity: Nullable(Type.String({ maxLength: 20 })),
  residentId: ResidentId,
  education: Nullable(StringEnum(EDUCATION_LEVELS)),
  phone: Nullable(Phone),
  employerUnitId: Nullable(Type.Integer({ minimum: 1 })),
  position: Nullable(Type.String({ maxLength: 50 })),
  inUnitManagement: Type.Boolean(),
  occupation: Nullable(StringEnum(OCCUPATIONS)),
  keyPost: Type.Boolean(),
  technicalBackbone: Type.Boolean(),
  middleManagement: Type.Boolean(),
  decisionLevel: Type.Boolean(),
};

export const CreateMember = Type.Object(
  {
    name: editable.name,
    gender: editable.gender,
    residentId: editable.residentId,
    ethnicity: Type.Optional(editable.ethnicity),
    education: Type.Optional(editable.education),
    phone: Type.Optional(editable.phone),
    employerUnitId: Type.Optional(editable.employerUnitId),
    position: Type.Optional(editable.position),
    inUnitManagement: Type.Optional(editable.inUnitManagement),
    occupation: Type.Optional(editable.occupation),
    keyPost: Type.Optional(editable.keyPost),
    technicalBackbone: Type.Optional(editable.technicalBackbone),
    middleManagement: Type.Optional(editable.middleManagement),
    decisionLevel: Type.Optional(editable.decisionLevel),
    orgId: Type.Integer({ minimum: 1 }),
    stage: StringEnum(REGISTRABLE_STAGES, { description: 'earlier stages move through the development pipeline' }),
    admittedOn: Type.Optional(Nullable(DateString)),
    fullOn: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);

export const UpdateMember = Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 });

export const CloseMember = Type.Object(
  { reason: StringEnum(CLOSE_REASONS), closedOn: Type.Optional(DateString), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const RevealBody = Type.Object(
  { field: StringEnum(['residentId', 'phone']), reason: Type.String({ minLength: 2, maxLength: 200, description: 'why the full value is needed; kept in the audit log' }) },
  { additionalProperties: false },
);
export const Revealed = Type.Object({ field: StringEnum(['residentId', 'phone']), value: Type.String() });

export const ToFindQuery = Type.Object(
  {
    ...PageQuery,
    territoryId: Type.Optional(Type.Integer({ minimum: 1 })),
    orgId: Type.Optional(Type.Integer({ minimum: 1, description: 'units covered by this organization or those under it' })),
  },
  { additionalProperties: false },
);
export const ToFindList = ListOf(
  Type.Object({
    unitId: Type.Integer(),
    unitName: Type.String(),
    territoryId: Type.Integer(),
    territoryName: Type.String(),
    surveyed: Type.Integer({ description: 'members the survey reported' }),
    registered: Type.Integer({ description: 'active full and probationary members employed there in the registry' }),
    gap: Type.Integer({ description: 'members still to be found' }),
  }),
);

export const Talent = Type.Object({
  unit: Type.Object({ id: Type.Integer(), name: Type.String(), employeeCount: Type.Integer(), surveyedMemberCount: Type.Integer() }),
  organizations: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }), { description: 'organizations currently covering the unit' }),
  steps: Type.Object(
    {
      employees: Type.Integer({ description: 'unit.employee_count' }),
      backbones: Type.Object({
        total: Type.Integer({ description: 'technical backbones or middle managers known to the registry (members and people in the pipeline)' }),
        technical: Type.Integer(),
        middleManagement: Type.Integer(),
        notYetMembers: Type.Integer({ description: 'backbones still applicants, activists or candidates' }),
      }),
      members: Type.Object({
        total: Type.Integer(),
        full: Type.Integer(),
        probationary: Type.Integer(),
        backbones: Type.Integer({ description: 'members who are technical backbones or middle managers (step 2 done)' }),
      }),
      decisionLevel: Type.Object({ total: Type.Integer({ description: 'members at the decision level (step 3 done)' }) }),
    },
    { description: 'Hongjiang "three steps": employee → backbone → member → decision level' },
  ),
  pipeline: Type.Object({ applicant: Type.Integer(), activist: Type.Integer(), candidate: Type.Integer() }),
  crossAppointments: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      name: Type.String(),
      post: Type.String(),
      orgId: Type.Integer(),
      orgName: Type.String(),
      unitPosition: Nullable(Type.String()),
    }),
    { description: '"two-way entry": party post holders of the covering organization who sit in the unit\'s management' },
  ),
  toFind: Type.Object({ surveyed: Type.Integer(), registered: Type.Integer(), gap: Type.Integer() }),
});
