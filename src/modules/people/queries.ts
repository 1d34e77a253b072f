import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../server/errors.js';
import { inTerritoryScope, type Scope } from '../../server/scope.js';

type Q = Kysely<Database> | Transaction<Database>;

/** A person in the caller's scope, or a 404 naming the field that referred to them. */
export async function personInScope(db: Q, scope: Scope, id: number, field = 'personId') {
  const person = await db
    .selectFrom('person')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where(inTerritoryScope(scope, 'person', 'territory_path'))
    .executeTakeFirst();
  if (!person) throw new AppError(404, 'person_not_found', [{ field, code: 'person_not_found' }]);
  return person;
}
