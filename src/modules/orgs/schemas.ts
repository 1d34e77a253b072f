import Type from 'typebox';
import { DEMO_SITE_LEVELS, FORMATION_MODES, ORG_KINDS, POSTS } from '../../domain/orgs.js';
import { DateString, ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';

export const Finding = Type.Object({
  ruleId: Type.String(),
  severity: StringEnum(['error', 'warning', 'info']),
  message: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
  sources: Type.Array(Type.String()),
});

export const OrgPostDto = Type.Object({
  id: Type.Integer(),
  post: StringEnum(POSTS),
  personId: Type.Integer(),
  personName: Type.String(),
  startedOn: Type.String(),
  approvedOn: Nullable(Type.String()),
  crossAppointed: Type.Boolean({ description: 'also in the unit\'s management ("two-way entry")' }),
  unitPosition: Nullable(Type.String()),
});

export const Org = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  path: Type.String(),
  depth: Type.Integer(),
  kind: StringEnum(ORG_KINDS),
  name: Type.String(),
  formationMode: StringEnum(FORMATION_MODES),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  foundedOn: Type.String(),
  approvedOn: Nullable(Type.String()),
  lastElectedOn: Nullable(Type.String()),
  termYears: Nullable(Type.Integer()),
  electionDueOn: Nullable(Type.String()),
  demoSite: Nullable(Type.Object({ level: StringEnum(DEMO_SITE_LEVELS), designatedOn: Nullable(Type.String()) })),
  status: StringEnum(['active', 'closed']),
  closedOn: Nullable(Type.String()),
  closedReason: Nullable(Type.String()),
  memberCount: Type.Object({
    value: Type.Integer(),
    source: StringEnum(['survey', 'registry'], { description: 'registry: registered members; survey: the surveyed counts of the covered units, for organizations without registered members' }),
  }),
  coveredUnitCount: Type.Integer(),
  posts: Type.Array(OrgPostDto),
  findings: Type.Array(Finding),
});

export const CoveredUnit = Type.Object({
  linkId: Type.Integer(),
  unitId: Type.Integer(),
  name: Type.String(),
  creditCode: Type.String(),
  industry: Type.String(),
  employeeCount: Type.Integer(),
  surveyedMemberCount: Type.Integer(),
  territoryName: Type.String(),
  sinceOn: Type.String(),
  untilOn: Nullable(Type.String()),
});

export const OrgDetail = Type.Object({
  org: Org,
  parent: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() })),
  children: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String(), status: Type.String() })),
  units: Type.Array(CoveredUnit, { description: 'current and past covered units' }),
});

const OrgFilters = {
  territoryId: Type.Optional(Type.Integer({ minimum: 1, description: 'organizations sitting in this territory subtree' })),
  within: Type.Optional(Type.Integer({ minimum: 1, description: 'this organization and those under it' })),
  parentId: Type.Optional(Type.Integer({ minimum: 1 })),
  kind: Type.Optional(StringEnum(ORG_KINDS)),
  formationMode: Type.Optional(StringEnum(FORMATION_MODES)),
  status: Type.Optional(StringEnum(['active', 'closed'])),
  demoSite: Type.Optional(Type.Boolean()),
  severity: Type.Optional(StringEnum(['error', 'warning'], { description: 'only organizations breaking a rule of this severity (sorted by id)' })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
};
export const ORG_SORTS = ['name', 'kind', 'foundedOn', 'path'] as const;
export const OrgListQuery = Type.Object({ ...PageQuery, sort: SortQuery(ORG_SORTS), ...OrgFilters }, { additionalProperties: false });
export const OrgExportQuery = Type.Object(
  { sort: SortQuery(ORG_SORTS), ...OrgFilters, lang: Type.Optional(StringEnum(['zh-CN', 'en'])) },
  { additionalProperties: false },
);
export const OrgList = ListOf(Org);

export const OrgTreeQuery = Type.Object(
  { rootId: Type.Optional(Type.Integer({ minimum: 1 })), includeClosed: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const OrgTree = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      parentId: Nullable(Type.Integer()),
      kind: StringEnum(ORG_KINDS),
      name: Type.String(),
      status: Type.String(),
      depth: Type.Integer(),
    }),
  ),
});

export const CreateOrg = Type.Object(
  {
    parentId: Nullable(Type.Integer({ minimum: 1 })),
    kind: StringEnum(ORG_KINDS),
    name: Type.String({ minLength: 2, maxLength: 200 }),
    formationMode: StringEnum(FORMATION_MODES),
    territoryId: Type.Integer({ minimum: 1 }),
    foundedOn: DateString,
    approvedOn: Type.Optional(Nullable(DateString)),
    lastElectedOn: Type.Optional(Nullable(DateString)),
    unitIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const UpdateOrg = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    formationMode: Type.Optional(StringEnum(FORMATION_MODES)),
    foundedOn: Type.Optional(DateString),
    approvedOn: Type.Optional(Nullable(DateString)),
    lastElectedOn: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MoveOrg = Type.Object({ parentId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const CloseOrg = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }), closedOn: Type.Optional(DateString) },
  { additionalProperties: false },
);
export const LinkUnits = Type.Object(
  { unitIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50, uniqueItems: true }), sinceOn: Type.Optional(DateString) },
  { additionalProperties: false },
);
export const ReleaseUnit = Type.Object({ untilOn: Type.Optional(DateString) }, { additionalProperties: false });
export const OrgUnitParams = Type.Object({ id: Type.Integer({ minimum: 1 }), unitId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const OrgPostParams = Type.Object({ id: Type.Integer({ minimum: 1 }), postId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const AddPost = Type.Object(
  {
    personId: Type.Integer({ minimum: 1 }),
    post: StringEnum(POSTS),
    startedOn: DateString,
    approvedOn: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export const EndPost = Type.Object({ endedOn: Type.Optional(DateString) }, { additionalProperties: false });
