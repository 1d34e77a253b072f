import Type from 'typebox';
import { DEADLINE_KINDS, OUTCOMES, RECORD_KINDS, STAGES } from '../../domain/pipeline.js';
import { DateString, ErrorBody, ListOf, Nullable, StringEnum } from '../../server/schemas.js';

const Bilingual = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const Status = StringEnum([...STAGES, ...OUTCOMES]);
/** Free-form step data: its shape per step is in GET /api/v1/development/steps, and the domain checks it. */
const StepData = Type.Object({}, { additionalProperties: true, description: 'the data the step needs (see GET /api/v1/development/steps)' });
const StepDataIn = Type.Record(Type.String(), Type.Unknown(), { description: 'the data the step needs (see GET /api/v1/development/steps); checked by the pipeline rules' });

export const DevFinding = Type.Object({
  ruleId: Type.String(),
  severity: StringEnum(['error', 'warning', 'info']),
  message: Bilingual,
  sources: Type.Array(Type.String()),
  field: Type.String({ description: 'the request field the finding concerns: step, doneOn, data.yes ...' }),
});

/**
 * A refusal: the usual error body, and per detail the rule that refused
 * (ruleId; `code` carries the same), its severity and its sources.
 */
export const RefusalBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(
      Type.Object({
        field: Type.String(),
        code: Type.String(),
        message: Type.String(),
        ruleId: Type.Optional(Type.String()),
        severity: Type.Optional(Type.String()),
        sources: Type.Optional(Type.Array(Type.Object({ name: Type.String(), title: Type.String() }))),
      }),
    ),
  }),
});

export const DevErrorResponses = { 400: RefusalBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: RefusalBody };

export const DeadlineDto = Type.Object({
  kind: StringEnum(DEADLINE_KINDS),
  dueOn: Type.String(),
  overdue: Type.Boolean(),
  severity: StringEnum(['error', 'warning', 'info']),
  message: Bilingual,
  sources: Type.Array(Type.String()),
});

const HistoryItem = Type.Object({
  id: Type.Integer({ description: 'the original row; corrections name it' }),
  step: StringEnum(RECORD_KINDS),
  label: Bilingual,
  order: Nullable(Type.Integer({ description: '1–25 for the regulation\'s steps; null for notices and outcomes' })),
  phase: Nullable(Type.Integer()),
  doneOn: Type.String({ description: 'as corrected' }),
  data: StepData,
  voided: Type.Boolean(),
  original: Nullable(Type.Object({ doneOn: Type.String(), data: StepData }, { description: 'as first recorded, when corrected' })),
  corrections: Type.Array(
    Type.Object({ id: Type.Integer(), doneOn: Type.String(), data: StepData, reason: Nullable(Type.String()), void: Type.Boolean(), recordedAt: Type.String(), recordedBy: Nullable(Type.String()) }),
  ),
  recordedAt: Type.String(),
  recordedBy: Nullable(Type.String()),
  findings: Type.Array(DevFinding, { description: 'what the rules say about this record where it stands in the history' }),
});

export const Development = Type.Object({
  memberId: Type.Integer(),
  personId: Type.Integer(),
  name: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  status: Nullable(Status),
  memberStatus: Type.String({ description: 'the member record: active, suspended or closed' }),
  stageDates: Type.Object({
    appliedOn: Nullable(Type.String()),
    activistOn: Nullable(Type.String()),
    candidateOn: Nullable(Type.String()),
    admittedOn: Nullable(Type.String()),
    probationUntil: Nullable(Type.String()),
    fullOn: Nullable(Type.String()),
  }),
  admissionVoteOn: Nullable(Type.String()),
  probationEndsOn: Nullable(Type.String()),
  extensionMonths: Type.Integer(),
  fromRegistry: Type.Boolean({ description: 'no application recorded here: the earlier stages come from the registry' }),
  history: Type.Array(HistoryItem),
  nextSteps: Type.Array(Type.Object({ step: StringEnum(RECORD_KINDS), label: Bilingual, order: Nullable(Type.Integer()), earliestOn: Nullable(Type.String()) })),
  deadlines: Type.Array(DeadlineDto),
  findings: Type.Array(DevFinding),
  people: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), { description: 'the people named in the history (mentors, sponsors)' }),
  rules: Type.Object({ version: Type.String() }),
});

export const Recorded = Type.Object({
  ...Development.properties,
  warnings: Type.Array(DevFinding, { description: 'warnings on the step just recorded' }),
});

const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$|^0\\d{2,3}-?\\d{7,8}$', description: 'mobile or landline' });

export const CreateApplication = Type.Object(
  {
    orgId: Type.Integer({ minimum: 1, description: 'the organization the application is made to' }),
    name: Type.String({ minLength: 2, maxLength: 50 }),
    gender: StringEnum(['male', 'female']),
    residentId: Type.String({ minLength: 1, maxLength: 30, description: '18 characters (GB 11643); the birth date is taken from it; encrypted at rest' }),
    phone: Type.Optional(Nullable(Phone)),
    employerUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    appliedOn: DateString,
  },
  { additionalProperties: false },
);

export const RecordStep = Type.Object(
  {
    step: StringEnum(RECORD_KINDS),
    doneOn: DateString,
    data: Type.Optional(StepDataIn),
  },
  { additionalProperties: false },
);

export const CorrectStep = Type.Object(
  {
    doneOn: Type.Optional(DateString),
    data: Type.Optional(StepDataIn),
    void: Type.Optional(Type.Boolean({ description: 'the record should not have been made' })),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export const StepParams = Type.Object({ id: Type.Integer({ minimum: 1 }), stepId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

const ScopeFilters = {
  orgId: Type.Optional(Type.Integer({ minimum: 1, description: 'this organization and those under it' })),
  territoryId: Type.Optional(Type.Integer({ minimum: 1, description: 'organizations sitting in this territory subtree' })),
};

export const RemindersQuery = Type.Object(
  { ...ScopeFilters, within: Type.Optional(Type.Integer({ minimum: 0, maximum: 366, default: 30, description: 'due within this many days (overdue ones always)' })) },
  { additionalProperties: false },
);
export const RemindersExportQuery = Type.Object(
  { ...ScopeFilters, within: Type.Optional(Type.Integer({ minimum: 0, maximum: 366, default: 30 })), lang: Type.Optional(StringEnum(['zh-CN', 'en'])) },
  { additionalProperties: false },
);

export const ReminderItem = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  status: Status,
  ...DeadlineDto.properties,
});
export const Reminders = Type.Object({
  today: Type.String(),
  within: Type.Integer(),
  items: Type.Array(Type.Object({ orgId: Type.Integer(), orgName: Type.String(), deadlines: Type.Array(ReminderItem) })),
  total: Type.Integer({ description: 'deadlines listed' }),
});

export const PipelineQuery = Type.Object(ScopeFilters, { additionalProperties: false });
export const PipelineCounts = Type.Object({
  counts: Type.Object({ applicant: Type.Integer(), activist: Type.Integer(), candidate: Type.Integer(), probationary: Type.Integer(), full: Type.Integer() }),
  inDevelopment: Type.Integer({ description: 'applicants, activists, candidates and probationary members' }),
});

export const StepCatalog = Type.Object({
  rules: Type.Object({}, { additionalProperties: true, description: 'the numbers in force for the district' }),
  sources: Type.Object({}, { additionalProperties: true, description: 'where each number comes from' }),
  steps: Type.Array(
    Type.Object({
      id: StringEnum(RECORD_KINDS),
      order: Nullable(Type.Integer()),
      phase: Nullable(Type.Integer()),
      label: Bilingual,
      stages: Type.Array(Nullable(Type.String())),
      enters: Nullable(Type.String()),
      requires: Type.Array(Type.String()),
      repeatable: Type.Boolean(),
      notice: Nullable(Type.String()),
      sources: Type.Array(Type.String()),
      data: Type.Object({}, { additionalProperties: true }),
    }),
  ),
});

export const CalendarQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false });
export const CalendarDay = Type.Object({ day: Type.String(), isWorking: Nullable(Type.Boolean({ description: 'null: no override (weekends off, weekdays on)' })), note: Nullable(Type.String()) });
export const CalendarDays = ListOf(CalendarDay);
export const PutCalendarDay = Type.Object(
  {
    day: DateString,
    isWorking: Nullable(Type.Boolean({ description: 'false: a holiday; true: an adjusted working weekend day; null: remove the override' })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false },
);
