import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.js';
import type { CohesionMigration } from './migrations/helpers.js';
import { m0001_foundation } from './migrations/0001_foundation.js';
import { m0002_party_orgs } from './migrations/0002_party_orgs.js';
import { m0003_jobs } from './migrations/0003_jobs.js';
import { m0004_members } from './migrations/0004_members.js';
import { m0005_life } from './migrations/0005_life.js';
import { m0006_bench_indexes } from './migrations/0006_bench_indexes.js';
import { m0007_life_rollup } from './migrations/0007_life_rollup.js';
import { m0008_city_indexes } from './migrations/0008_city_indexes.js';
import { m0009_node_counts } from './migrations/0009_node_counts.js';
import { m0010_list_indexes } from './migrations/0010_list_indexes.js';
import { m0011_unit_registry_counts } from './migrations/0011_unit_registry_counts.js';
import { m0012_org_member_rollup } from './migrations/0012_org_member_rollup.js';
import { m0013_worklist_rank } from './migrations/0013_worklist_rank.js';
import { m0014_coverage_rollup } from './migrations/0014_coverage_rollup.js';
import { m0015_history_indexes } from './migrations/0015_history_indexes.js';
import { m0016_deferred_member_counts } from './migrations/0016_deferred_member_counts.js';
import { m0017_coverage_snapshots } from './migrations/0017_coverage_snapshots.js';
import { m0018_history_by_date } from './migrations/0018_history_by_date.js';

/**
 * The one ordered list of migrations. Names sort in order; a migration is
 * never edited once it has landed on main — add the next one instead.
 */
const MIGRATIONS: Record<string, CohesionMigration> = {
  '0001_foundation': m0001_foundation,
  '0002_party_orgs': m0002_party_orgs,
  '0003_jobs': m0003_jobs,
  '0004_members': m0004_members,
  '0005_life': m0005_life,
  '0006_bench_indexes': m0006_bench_indexes,
  '0007_life_rollup': m0007_life_rollup,
  '0008_city_indexes': m0008_city_indexes,
  '0009_node_counts': m0009_node_counts,
  '0010_list_indexes': m0010_list_indexes,
  '0011_unit_registry_counts': m0011_unit_registry_counts,
  '0012_org_member_rollup': m0012_org_member_rollup,
  '0013_worklist_rank': m0013_worklist_rank,
  '0014_coverage_rollup': m0014_coverage_rollup,
  '0015_history_indexes': m0015_history_indexes,
  '0016_deferred_member_counts': m0016_deferred_member_counts,
  '0017_coverage_snapshots': m0017_coverage_snapshots,
  '0018_history_by_date': m0018_history_by_date,
};

class CohesionProvider implements MigrationProvider {
  constructor(private readonly db: Db) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (kysely) => m.up({ db: kysely, dialect: this.db.dialect }) };
    }
    return out;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new CohesionProvider(db) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
