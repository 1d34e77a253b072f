import type { Api } from '../../server/api.js';
import { ErrorResponses } from '../../server/schemas.js';
import { PatchRuleSettings, RuleSettings } from './schemas.js';
import { getRuleSettings, patchRuleSettings } from './service.js';

const tags = ['settings'];

export async function settingsRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/rule-settings',
    {
      config: { permission: 'settings.read' },
      schema: { tags, summary: 'The rule numbers in force for the district: defaults of the rule set and the district\'s overrides', response: { 200: RuleSettings, ...ErrorResponses } },
    },
    (req) => getRuleSettings(req.ctx()),
  );

  app.patch(
    '/api/v1/rule-settings',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags,
        summary: 'Override rule numbers for the district (null returns a number to its default)',
        body: PatchRuleSettings,
        response: { 200: RuleSettings, ...ErrorResponses },
      },
    },
    (req) => patchRuleSettings(req.ctx(), req.body),
  );
}
