import { label } from '../../domain/labels.js';
import { SOURCES } from '../../domain/sources.js';
import type { Api } from '../../server/api.js';
import { message } from '../../server/errors.js';
import { localeFrom, type Locale } from '../../server/i18n.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { sendXlsx } from '../../server/xlsx.js';
import {
  CalendarDay,
  CalendarDays,
  CalendarQuery,
  CorrectStep,
  CreateApplication,
  DevErrorResponses,
  Development,
  PipelineCounts,
  PipelineQuery,
  PutCalendarDay,
  Recorded,
  RecordStep,
  Reminders,
  RemindersExportQuery,
  RemindersQuery,
  StepCatalog,
  StepParams,
} from './schemas.js';
import {
  correctStep,
  getDevelopment,
  listCalendarDays,
  pipelineCounts,
  putCalendarDay,
  recordStep,
  RefusedError,
  refusalBody,
  reminderExport,
  reminders,
  stepCatalog,
  submitApplication,
  type ReminderRow,
} from './service.js';

const tags = ['member development'];

function exportColumns(locale: Locale) {
  const en = locale === 'en';
  return [
    { header: en ? 'Organization' : '党组织', width: 32, value: (r: ReminderRow) => r.orgName },
    { header: en ? 'Name' : '姓名', value: (r: ReminderRow) => r.name },
    { header: en ? 'Stage' : '阶段', value: (r: ReminderRow) => label('developmentStage', r.status, locale) },
    { header: en ? 'Due' : '事项', width: 20, value: (r: ReminderRow) => label('developmentDeadline', r.kind, locale) },
    { header: en ? 'Date' : '日期', value: (r: ReminderRow) => r.dueOn },
    { header: en ? 'Overdue' : '是否逾期', value: (r: ReminderRow) => (r.overdue ? (en ? 'yes' : '是') : en ? 'no' : '否') },
    { header: en ? 'Details' : '说明', width: 60, value: (r: ReminderRow) => r.message[locale] },
    { header: en ? 'Source' : '依据', width: 40, value: (r: ReminderRow) => r.sources.map((s) => SOURCES[s][locale]).join(en ? '; ' : '；') },
  ];
}

export async function developmentRoutes(app: Api): Promise<void> {
  // Refusals by the pipeline rules carry their rule ids and sources; everything else goes to the app's handler.
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof RefusedError) {
      const locale = localeFrom(req.headers['accept-language']);
      return reply.code(err.status).send(refusalBody(err, locale, message('development_refused', locale, err.params)));
    }
    throw err;
  });

  app.get(
    '/api/v1/development/steps',
    {
      config: { permission: 'development.read' },
      schema: { tags, summary: 'The 25 steps (and notices, outcomes) as data, with the rule numbers in force and their sources', response: { 200: StepCatalog, ...ErrorResponses } },
    },
    (req) => stepCatalog(req.ctx()),
  );

  app.post(
    '/api/v1/development/applications',
    {
      config: { permission: 'development.write' },
      schema: { tags, summary: 'Record an application: the person, the member record (applicant) and the first step', body: CreateApplication, response: { 201: Recorded, ...DevErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await submitApplication(req.ctx(), req.body)),
  );

  app.get(
    '/api/v1/members/:id/development',
    {
      config: { permission: 'development.read' },
      schema: { tags, summary: 'A member\'s development: history (corrections shown), stage, next steps, deadlines, findings', params: IdParams, response: { 200: Development, ...ErrorResponses } },
    },
    (req) => getDevelopment(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/members/:id/development-steps',
    {
      config: { permission: 'development.write' },
      schema: {
        tags,
        summary: 'Record a step; refused (400/409) with the rules and their sources when the regulation does not allow it',
        params: IdParams,
        body: RecordStep,
        response: { 200: Recorded, ...DevErrorResponses },
      },
    },
    (req) => recordStep(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/members/:id/development-steps/:stepId/correct',
    {
      config: { permission: 'development.write' },
      schema: { tags, summary: 'Correct (or void) a recorded step: a new row naming the old one', params: StepParams, body: CorrectStep, response: { 200: Recorded, ...DevErrorResponses } },
    },
    (req) => correctStep(req.ctx(), req.params.id, req.params.stepId, req.body),
  );

  app.get(
    '/api/v1/development/reminders',
    {
      config: { permission: 'development.read' },
      schema: { tags, summary: 'Per organization in scope: development deadlines due within N days or overdue', querystring: RemindersQuery, response: { 200: Reminders, ...ErrorResponses } },
    },
    (req) => reminders(req.ctx(), req.query),
  );

  app.get(
    '/api/v1/development/reminders/export',
    {
      config: { permission: 'development.read' },
      schema: { tags, summary: 'The reminders as .xlsx', querystring: RemindersExportQuery },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const { lang, ...q } = req.query;
      const locale = lang ?? localeFrom(req.headers['accept-language']);
      const rows = await reminderExport(ctx, q);
      return sendXlsx(reply, locale === 'en' ? 'development-reminders.xlsx' : '发展党员提醒.xlsx', locale === 'en' ? 'reminders' : '提醒', exportColumns(locale), rows);
    },
  );

  app.get(
    '/api/v1/development/pipeline',
    {
      config: { permission: 'development.read' },
      schema: { tags, summary: 'Counts per stage in scope (dashboards)', querystring: PipelineQuery, response: { 200: PipelineCounts, ...ErrorResponses } },
    },
    (req) => pipelineCounts(req.ctx(), req.query),
  );

  app.get(
    '/api/v1/calendar/days',
    {
      config: { permission: 'development.read' },
      schema: { tags, summary: 'The district\'s working-day overrides of a year (holidays, adjusted weekends)', querystring: CalendarQuery, response: { 200: CalendarDays, ...ErrorResponses } },
    },
    (req) => listCalendarDays(req.ctx(), req.query.year),
  );

  app.put(
    '/api/v1/calendar/days',
    {
      config: { permission: 'calendar.write' },
      schema: { tags, summary: 'Set a day as a holiday or a working day, or remove the override (isWorking null)', body: PutCalendarDay, response: { 200: CalendarDay, ...ErrorResponses } },
    },
    (req) => putCalendarDay(req.ctx(), req.body),
  );
}
