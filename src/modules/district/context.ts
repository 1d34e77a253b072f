import { localDate } from '../../domain/dates.js';
import { formingRulesFor, parseSettings, type DistrictSettings, type FormingRules } from '../../domain/rulesets.js';
import type { Ctx } from '../../server/context.js';

export interface DistrictContext {
  timeZone: string;
  settings: DistrictSettings;
  forming: FormingRules;
  /** Today in the district's time zone (months and quarters follow it). */
  today: string;
}

/** The district's time zone, rule numbers and today's date for the caller. */
export async function districtContext(ctx: Pick<Ctx, 'db' | 'clock' | 'actor'>): Promise<DistrictContext> {
  const row = await ctx.db.kysely
    .selectFrom('district')
    .select(['time_zone', 'settings_json'])
    .where('id', '=', ctx.actor.scope.districtId)
    .executeTakeFirstOrThrow();
  const settings = parseSettings(row.settings_json);
  return { timeZone: row.time_zone, settings, forming: formingRulesFor(settings), today: localDate(ctx.clock.now(), row.time_zone) };
}
