import type { CohesionMigration } from './helpers.js';
import { idType, withId } from './helpers.js';

/**
 * Background jobs (first user: the unit survey import). A job belongs to a
 * district and to the user who started it; `done`/`total` drive a progress
 * bar, `result_json`/`error_json` hold the outcome. Jobs are records of work,
 * not domain data: their rows are updated as the job runs.
 */
export const m0003_jobs: CohesionMigration = {
  async up({ db, dialect }) {
    const ref = idType(dialect);
    await withId(db.schema.createTable('job'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('running'))
      .addColumn('phase', 'text', (c) => c.notNull().defaultTo('validating'))
      .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('result_json', 'text')
      .addColumn('error_json', 'text')
      .addColumn('created_by', ref, (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('job_creator').on('job').columns(['district_id', 'created_by', 'created_at']).execute();
    await db.schema.createIndex('job_status').on('job').columns(['status']).execute();
  },
};
