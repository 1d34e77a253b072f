import Type from 'typebox';
import { MEMBER_STAGES, TRANSFER_STATUSES } from '../../domain/members.js';
import { DateString, ListOf, Nullable, PageQuery, StringEnum } from '../../server/schemas.js';

const OrgRef = Type.Object({ id: Type.Integer(), name: Type.String() });

export const Transfer = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  memberName: Type.String(),
  memberStage: StringEnum(MEMBER_STAGES),
  fromOrg: OrgRef,
  toOrg: Nullable(OrgRef),
  destination: Nullable(Type.String({ description: 'out of the district: where the letter goes' })),
  withinDistrict: Type.Boolean(),
  letterNo: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  expired: Type.Boolean({ description: 'a sent letter past its validity (3 months, 6 across provinces — practice)' }),
  reason: Type.String(),
  status: StringEnum(TRANSFER_STATUSES),
  requestedOn: Type.String(),
  sentOn: Nullable(Type.String()),
  receivedOn: Nullable(Type.String()),
  returnedOn: Nullable(Type.String()),
  returnReason: Nullable(Type.String()),
  withdrawnOn: Nullable(Type.String()),
  createdAt: Type.String(),
});
export const TransferList = ListOf(Transfer);

export const RequestTransfer = Type.Object(
  {
    toOrgId: Type.Optional(Type.Integer({ minimum: 1, description: 'receiving organization in the district (need not be in your scope)' })),
    destination: Type.Optional(Type.String({ minLength: 2, maxLength: 200, description: 'out of the district: the receiving organization\'s name and place' })),
    crossProvince: Type.Optional(Type.Boolean({ description: 'the letter is then valid 6 months instead of 3 (practice)' })),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
    requestedOn: Type.Optional(DateString),
  },
  { additionalProperties: false },
);

export const SendTransfer = Type.Object(
  {
    letterNo: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'generated as <district>-<year>-<sequence> when absent' })),
    sentOn: Type.Optional(DateString),
    crossProvince: Type.Optional(Type.Boolean({ description: 'defaults to what the request said' })),
  },
  { additionalProperties: false },
);
export const ReceiveTransfer = Type.Object({ receivedOn: Type.Optional(DateString) }, { additionalProperties: false });
export const ReturnTransfer = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }), returnedOn: Type.Optional(DateString) },
  { additionalProperties: false },
);
export const WithdrawTransfer = Type.Object({ withdrawnOn: Type.Optional(DateString) }, { additionalProperties: false });

export const TransferListQuery = Type.Object(
  {
    ...PageQuery,
    direction: Type.Optional(StringEnum(['outgoing', 'incoming'], { description: 'outgoing: sent by organizations in scope (default); incoming: addressed to them' })),
    status: Type.Optional(StringEnum([...TRANSFER_STATUSES, 'open'], { description: 'open: requested or sent' })),
    orgId: Type.Optional(Type.Integer({ minimum: 1, description: 'the sending (outgoing) or receiving (incoming) organization, with those under it' })),
  },
  { additionalProperties: false },
);
