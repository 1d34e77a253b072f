import type { CohesionMigration } from './helpers.js';
import { appendOnly, idType, withId } from './helpers.js';

export const m0001_foundation: CohesionMigration = {
  async up(ctx) {
    const { db, dialect } = ctx;
    const ref = idType(dialect);

    await withId(db.schema.createTable('district'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('territory'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('parent_id', ref, (c) => c.references('territory.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('address', 'text')
      .addColumn('lng', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('closed_at', 'text')
      .addColumn('closed_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('territory_path').on('territory').columns(['district_id', 'path']).execute();
    await db.schema.createIndex('territory_parent').on('territory').columns(['parent_id']).execute();

    await withId(db.schema.createTable('unit'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('territory_id', ref, (c) => c.notNull().references('territory.id'))
      .addColumn('territory_path', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('credit_code', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ownership', 'text', (c) => c.notNull())
      .addColumn('industry', 'text', (c) => c.notNull())
      .addColumn('employee_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('surveyed_member_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('address', 'text')
      .addColumn('lng', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('registered_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('operating'))
      .addColumn('closed_on', 'text')
      .addColumn('closed_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('unit_credit_code').unique().on('unit').columns(['district_id', 'credit_code']).execute();
    await db.schema.createIndex('unit_path').on('unit').columns(['district_id', 'territory_path', 'status']).execute();
    await db.schema.createIndex('unit_territory').on('unit').columns(['territory_id']).execute();

    await withId(db.schema.createTable('app_user'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('scope_territory_id', ref, (c) => c.references('territory.id'))
      // References party_org once organizations exist (issue "party organizations").
      .addColumn('scope_party_org_id', ref)
      .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('session')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('user_id', ref, (c) => c.notNull().references('app_user.id'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('session_user').on('session').columns(['user_id']).execute();

    await withId(db.schema.createTable('audit_log'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_user_id', ref)
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text')
      .addColumn('scope_path', 'text')
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').columns(['district_id', 'at']).execute();
    await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
    await db.schema.createIndex('audit_log_scope').on('audit_log').columns(['district_id', 'scope_path']).execute();
    await appendOnly(ctx, 'audit_log');
  },
};
