import Type from 'typebox';
import { Member } from '../members/schemas.js';
import { MobileRecordDetail } from '../mobile/schemas.js';
import { Transfer } from '../transfers/schemas.js';
import { Nullable } from '../../server/schemas.js';

const Bilingual = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });

export const MeMember = Type.Object({
  member: Member,
  organization: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    kind: Type.String(),
    secretaryName: Nullable(Type.String({ description: 'the secretary (or a party group\'s organizer)' })),
  }),
  nextSteps: Type.Array(
    Type.Object({ step: Type.String(), label: Bilingual, earliestOn: Nullable(Type.String()) }),
    { description: 'development steps the order allows now (src/domain/pipeline.ts); empty for full members with nothing due' },
  ),
  deadlines: Type.Array(
    Type.Object({
      kind: Type.String({ description: 'a pipeline deadline (talk_due, assessment_due, probation_ends...) or next_report_due while away' }),
      on: Type.String(),
      overdue: Type.Boolean(),
      message: Nullable(Bilingual),
    }),
  ),
  lostContactSince: Nullable(Type.String()),
  openTransfer: Nullable(Transfer),
  mobile: Nullable(Type.Object({ recordId: Type.Integer(), nextReportDue: Nullable(Type.String()), overdue: Type.Boolean() })),
});

export const MeMobile = Type.Object({ record: Nullable(MobileRecordDetail) });
