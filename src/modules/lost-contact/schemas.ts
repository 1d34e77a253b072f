import Type from 'typebox';
import { GENDERS, LOST_CONTACT_CASE_STATUSES, LOST_CONTACT_DECISIONS, MEMBER_STAGES, MEMBER_STATUSES, SEARCH_METHODS } from '../../domain/members.js';
import { DateString, ListOf, Nullable, PageQuery, StringEnum } from '../../server/schemas.js';

export const Effort = Type.Object({
  id: Type.Integer(),
  triedOn: Type.String(),
  method: StringEnum(SEARCH_METHODS),
  outcome: Type.String(),
  recordedBy: Nullable(Type.Integer()),
});

export const LostContactCase = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  memberName: Type.String(),
  status: StringEnum(LOST_CONTACT_CASE_STATUSES),
  openedOn: Type.String(),
  decision: Nullable(StringEnum(LOST_CONTACT_DECISIONS)),
  decidedOn: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  efforts: Type.Array(Effort),
  suspendableFrom: Nullable(Type.String({ description: 'first day a suspension may be decided: 6 months untraceable after the flag and the search (Education)' })),
  removableFrom: Nullable(Type.String({ description: 'suspended cases: first day removal may be decided, 2 years after suspension (Education)' })),
  allowedDecisions: Type.Array(StringEnum(LOST_CONTACT_DECISIONS), { description: 'decisions the case can take now; never taken automatically' }),
});

export const LostContactItem = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  gender: Nullable(StringEnum(GENDERS)),
  phone: Nullable(Type.String({ description: 'masked' })),
  orgId: Type.Integer(),
  orgName: Type.String(),
  stage: StringEnum(MEMBER_STAGES),
  status: StringEnum(MEMBER_STATUSES),
  isMobile: Type.Boolean(),
  lastContactOn: Nullable(Type.String({ description: 'last contact event (reports, organizational life, dues, contact logs); the registration date when none' })),
  lostContactSince: Nullable(Type.String({ description: 'flagged from this date: 6 months without contact (Education)' })),
  case: Nullable(LostContactCase),
});
export const LostContactList = ListOf(LostContactItem);

export const LostContactQuery = Type.Object(
  {
    ...PageQuery,
    territoryId: Type.Optional(Type.Integer({ minimum: 1 })),
    orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const ContactLog = Type.Object(
  { happenedOn: Type.Optional(DateString), note: Type.String({ minLength: 2, maxLength: 1000 }) },
  { additionalProperties: false },
);
export const ContactLogged = Type.Object({ memberId: Type.Integer(), lastContactOn: Nullable(Type.String()), lostContactSince: Nullable(Type.String()) });

export const OpenCase = Type.Object({ openedOn: Type.Optional(DateString) }, { additionalProperties: false });
export const AddEffort = Type.Object(
  { triedOn: Type.Optional(DateString), method: StringEnum(SEARCH_METHODS), outcome: Type.String({ minLength: 2, maxLength: 1000 }) },
  { additionalProperties: false },
);
export const Decide = Type.Object(
  {
    decision: StringEnum(LOST_CONTACT_DECISIONS, { description: 'found | keep_searching | suspend_membership (≥ 6 months untraceable) | remove (≥ 2 years after suspension)' }),
    note: Type.String({ minLength: 2, maxLength: 1000 }),
    decidedOn: Type.Optional(DateString),
  },
  { additionalProperties: false },
);
