import type { Api } from '../../server/api.js';
import { localeFrom } from '../../server/i18n.js';
import { ErrorResponses } from '../../server/schemas.js';
import { sendXlsx } from '../../server/xlsx.js';
import { eachAudit, listAudit } from './queries.js';
import { AuditExportQuery, AuditList, AuditListQuery } from './schemas.js';

const tags = ['audit'];

export async function auditRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/audit-log',
    {
      config: { permission: 'audit.read' },
      schema: { tags, summary: 'The audit log of the caller\'s scope, newest first', querystring: AuditListQuery, response: { 200: AuditList, ...ErrorResponses } },
    },
    (req) => {
      const { actor, db } = req.ctx();
      const { page = 1, pageSize = 20, sort, ...filters } = req.query;
      return listAudit(db.kysely, actor.scope, actor.role, filters, page, pageSize, sort);
    },
  );

  app.get(
    '/api/v1/audit-log/export',
    {
      config: { permission: 'audit.read' },
      schema: { tags, summary: 'Export the filtered audit log as .xlsx', querystring: AuditExportQuery },
    },
    (req, reply) => {
      const { actor, db } = req.ctx();
      const { lang, ...filters } = req.query;
      const en = (lang ?? localeFrom(req.headers['accept-language'])) === 'en';
      return sendXlsx(
        reply,
        en ? 'audit-log.xlsx' : '审计日志.xlsx',
        en ? 'audit log' : '审计日志',
        [
          { header: en ? 'Time (UTC)' : '时间（UTC）', width: 26, value: (r) => r.at },
          { header: en ? 'User' : '操作人', value: (r) => r.actorName },
          { header: en ? 'Action' : '操作', width: 20, value: (r) => r.action },
          { header: en ? 'Entity' : '对象', value: (r) => r.entityType },
          { header: 'ID', value: (r) => r.entityId },
          { header: en ? 'Before' : '变更前', width: 50, value: (r) => (r.before === null ? null : JSON.stringify(r.before)) },
          { header: en ? 'After' : '变更后', width: 50, value: (r) => (r.after === null ? null : JSON.stringify(r.after)) },
          { header: 'IP', value: (r) => r.ip },
        ],
        eachAudit(db.kysely, actor.scope, actor.role, filters),
      );
    },
  );
}
