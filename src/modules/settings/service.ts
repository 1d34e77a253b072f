/**
 * District rule settings (RULES.md: "every rule set is versioned and a
 * district may override a number without a code change"): the overrides live
 * in district.settings_json, one object per rule set, and districtContext()
 * applies them everywhere the rules are used.
 */
import { parseSettings, type DistrictSettings } from '../../domain/rulesets.js';
import type { Ctx } from '../../server/context.js';
import { Problems } from '../../server/errors.js';
import { recordAudit } from '../audit/record.js';
import { invalidateDistrictLifeCompliance } from '../life/rollup.js';
import { keysOf, RULE_SECTIONS, SECTION_NAMES, type RuleSection, type RuleSettingsPatch, type SectionName } from './schemas.js';

type Overrides = Record<string, number>;
type AllOverrides = Record<SectionName, Overrides>;

/** The valid overrides of a section (unknown keys or out-of-bounds values in the stored JSON are ignored). */
function overridesOf(section: RuleSection, stored: unknown): Overrides {
  const out: Overrides = {};
  const given = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  for (const k of keysOf(section)) {
    const v = given[k];
    const b = section.bounds[k]!;
    if (typeof v === 'number' && Number.isInteger(v) && v >= b.min && v <= b.max) out[k] = v;
  }
  return out;
}

const allOverrides = (settings: DistrictSettings) =>
  Object.fromEntries(SECTION_NAMES.map((n) => [n, overridesOf(RULE_SECTIONS[n], (settings as Record<string, unknown>)[n])])) as AllOverrides;

function sectionView(section: RuleSection, overrides: Overrides) {
  const defaults = Object.fromEntries(keysOf(section).map((k) => [k, section.defaults[k] as number]));
  return {
    version: section.defaults.version,
    values: { ...defaults, ...overrides },
    defaults,
    overridden: keysOf(section).filter((k) => overrides[k] !== undefined),
  };
}

const view = (all: AllOverrides) => Object.fromEntries(SECTION_NAMES.map((n) => [n, sectionView(RULE_SECTIONS[n], all[n])]));

export async function getRuleSettings(ctx: Ctx) {
  const row = await ctx.db.kysely.selectFrom('district').select('settings_json').where('id', '=', ctx.actor.scope.districtId).executeTakeFirstOrThrow();
  return view(allOverrides(parseSettings(row.settings_json)));
}

/** Sets (a number) or removes (null) overrides; checks the numbers stay in order; audits before/after. */
export async function patchRuleSettings(ctx: Ctx, patch: RuleSettingsPatch) {
  const districtId = ctx.actor.scope.districtId;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('district').select('settings_json').where('id', '=', districtId).executeTakeFirstOrThrow();
    const settings = parseSettings(row.settings_json);
    const before = allOverrides(settings);
    const after = Object.fromEntries(SECTION_NAMES.map((n) => [n, { ...before[n] }])) as AllOverrides;
    const problems = new Problems();
    for (const name of SECTION_NAMES) {
      const changes = patch[name];
      if (!changes) continue;
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) delete after[name][k];
        else if (v !== undefined) after[name][k] = v;
      }
      const section: RuleSection = RULE_SECTIONS[name];
      const values = sectionView(section, after[name]).values;
      for (const [lower, upper] of section.order) {
        if (values[lower]! <= values[upper]!) continue;
        // Name the number the caller changed (the lower one when both were).
        if (changes[lower] === undefined && changes[upper] !== undefined) problems.add(`${name}.${upper}`, 'too_small', { limit: values[lower] });
        else problems.add(`${name}.${lower}`, 'too_large', { limit: values[upper] });
      }
    }
    problems.throwIfAny();
    const changed = SECTION_NAMES.filter((n) => patch[n]);
    await trx
      .updateTable('district')
      .set({ settings_json: JSON.stringify({ ...settings, ...Object.fromEntries(changed.map((n) => [n, after[n]])) }) })
      .where('id', '=', districtId)
      .execute();
    // Life numbers and when a branch has a committee (forming) decide every organization's compliance.
    if (changed.includes('life') || changed.includes('forming')) await invalidateDistrictLifeCompliance(trx, districtId);
    const pick = (all: AllOverrides) => Object.fromEntries(changed.map((n) => [n, all[n]]));
    await recordAudit(trx, ctx, { action: 'rule_settings.update', entityType: 'district', entityId: districtId, scopePath: null, before: pick(before), after: pick(after) });
    return view(after);
  });
}
