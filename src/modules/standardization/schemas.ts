import Type from 'typebox';
import { CHECKLISTS, type ChecklistName } from '../../domain/coverage.js';
import { DEMO_SITE_LEVELS, ORG_KINDS } from '../../domain/orgs.js';
import { DateString, Id, ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';

export const CHECKLIST_NAMES = Object.keys(CHECKLISTS) as ChecklistName[];
export const ALL_ITEMS = [...new Set(Object.values(CHECKLISTS).flat())] as string[];

export const Evidence = Type.Object({
  uploadId: Type.Integer(),
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
});

export const ChecklistDto = Type.Object({
  checklist: StringEnum(CHECKLIST_NAMES),
  items: Type.Array(
    Type.Object({
      item: Type.String(),
      done: Type.Boolean(),
      doneOn: Nullable(Type.String()),
      note: Nullable(Type.String()),
      evidence: Nullable(Evidence),
    }),
  ),
  completion: Type.Number({ description: 'share of the items done, 0–1' }),
});

export const OrgChecklists = Type.Object({
  orgId: Type.Integer(),
  checklists: Type.Array(ChecklistDto, { description: 'the "five ones" and the "six haves", every item' }),
});

export const ChecklistItemParams = Type.Object(
  {
    id: Id,
    checklist: StringEnum(CHECKLIST_NAMES),
    item: Type.String({ maxLength: 50, description: `one of the checklist's items: ${ALL_ITEMS.join(', ')}` }),
  },
  { additionalProperties: false },
);

/**
 * Nullable as one schema with a type list, not anyOf: with the app's type
 * coercion, an anyOf's null branch would turn 0, "" or false into null.
 */
const OrNull = <T>(schema: Record<string, unknown> & { type: string }) =>
  Type.Unsafe<T | null>({ ...schema, type: [schema.type, 'null'] });

export const MarkItem = Type.Object(
  {
    doneOn: OrNull<string>({ type: 'string', format: 'date', description: 'YYYY-MM-DD; null: not done' }),
    note: Type.Optional(OrNull<string>({ type: 'string', maxLength: 500 })),
    uploadId: Type.Optional(OrNull<number>({ type: 'integer', minimum: 1 })),
  },
  { additionalProperties: false },
);

export const UploadDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
});

export const EvidenceParams = Type.Object({ id: Id, uploadId: Id }, { additionalProperties: false });

const PerChecklistNumber = Type.Object(Object.fromEntries(CHECKLIST_NAMES.map((c) => [c, Type.Number()])));
const PerChecklistNullable = Type.Object(Object.fromEntries(CHECKLIST_NAMES.map((c) => [c, Nullable(Type.Number())])));
const PerChecklistInteger = Type.Object(Object.fromEntries(CHECKLIST_NAMES.map((c) => [c, Type.Integer()])));

export const StandardizationQuery = Type.Object({ territoryId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

const groupProps = {
  organizations: Type.Integer(),
  averageCompletion: PerChecklistNullable,
};
const Group = Type.Object(groupProps);

export const StandardizationSummary = Type.Object({
  node: Type.Object({ territoryId: Type.Integer(), name: Type.String(), kind: Type.String() }),
  organizations: Type.Integer({ description: 'active branches, joint branches and general branches in the subtree' }),
  checklists: Type.Array(
    Type.Object({
      checklist: StringEnum(CHECKLIST_NAMES),
      organizations: Type.Integer(),
      complete: Type.Integer({ description: 'organizations with every item done' }),
      partial: Type.Integer(),
      none: Type.Integer(),
      averageCompletion: Nullable(Type.Number()),
      items: Type.Array(Type.Object({ item: Type.String(), done: Type.Integer({ description: 'organizations that have it' }) })),
    }),
  ),
  children: Type.Array(Type.Object({ territoryId: Type.Integer(), name: Type.String(), kind: Type.String(), ...groupProps }), {
    description: 'each active node directly under it',
  }),
  direct: Group,
});

const ListFilters = {
  territoryId: Type.Optional(Type.Integer({ minimum: 1 })),
  checklist: Type.Optional(StringEnum(CHECKLIST_NAMES)),
  complete: Type.Optional(Type.Boolean({ description: 'true: every item done (of the checklist, or of both); false: not' })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
};
export const STANDARDIZATION_SORTS = ['completion', 'name'] as const;
export const StandardizationOrgsQuery = Type.Object(
  { ...PageQuery, sort: SortQuery(STANDARDIZATION_SORTS), ...ListFilters },
  { additionalProperties: false },
);
export const StandardizationExportQuery = Type.Object(
  { sort: SortQuery(STANDARDIZATION_SORTS), ...ListFilters, lang: Type.Optional(StringEnum(['zh-CN', 'en'])) },
  { additionalProperties: false },
);

export const StandardizationOrg = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: StringEnum(ORG_KINDS),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  demoSite: Nullable(StringEnum(DEMO_SITE_LEVELS)),
  done: PerChecklistInteger,
  completion: PerChecklistNumber,
});
export const StandardizationOrgList = ListOf(StandardizationOrg);

export const DesignateDemoSite = Type.Object(
  { level: StringEnum(DEMO_SITE_LEVELS), designatedOn: DateString },
  { additionalProperties: false },
);
export const RevokeDemoSite = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
