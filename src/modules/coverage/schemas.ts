import Type from 'typebox';
import { COVERAGE_STATES } from '../../domain/coverage.js';
import { DateString, ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';
import { CHILD_SORTS } from './queries.js';

export const Counts = Type.Object({
  operating: Type.Integer(),
  own: Type.Integer(),
  joint: Type.Integer(),
  work: Type.Integer(),
  none: Type.Integer(),
});
export const Rates = Type.Object({
  organizational: Nullable(Type.Number({ description: '(own + joint) ÷ operating' })),
  own: Nullable(Type.Number()),
  work: Nullable(Type.Number({ description: 'units reached only by work coverage ÷ operating' })),
  total: Nullable(Type.Number({ description: '(own + joint + work) ÷ operating' })),
});
const NodeCoverage = Type.Object({
  territoryId: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  counts: Counts,
  rates: Rates,
});

export const CoverageQuery = Type.Object({ territoryId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export const CoverageSummary = Type.Object({
  node: NodeCoverage,
  children: Type.Array(NodeCoverage, { description: 'its largest active children by operating units (at most 20); GET /coverage/children pages them all' }),
  childCount: Type.Integer({ description: 'how many active children it has' }),
  /** Units directly in the node itself, not in any child. */
  direct: Counts,
  memberCountSource: StringEnum(['survey', 'registry']),
});

export const ChildrenQuery = Type.Object(
  {
    ...PageQuery,
    territoryId: Type.Optional(Type.Integer({ minimum: 1 })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    sort: SortQuery(CHILD_SORTS),
  },
  { additionalProperties: false },
);
export const Children = ListOf(NodeCoverage);

export const TrendQuery = Type.Object(
  { territoryId: Type.Optional(Type.Integer({ minimum: 1 })), months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 12 })) },
  { additionalProperties: false },
);
export const Trend = Type.Object({
  items: Type.Array(Type.Object({ on: Type.String(), counts: Counts, rates: Rates })),
});

export const MapQuery = Type.Object(
  { territoryId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export const MapResponse = Type.Object({
  center: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  /** Areas (and streets without areas) as points, with their coverage. */
  points: Type.Array(NodeCoverage),
});

export const WORKLIST_ACTIONS = ['form_branch', 'join_joint_branch', 'assign_liaison'] as const;
export const WorklistQuery = Type.Object(
  {
    ...PageQuery,
    territoryId: Type.Optional(Type.Integer({ minimum: 1 })),
    action: Type.Optional(StringEnum(WORKLIST_ACTIONS)),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const WorklistExportQuery = Type.Object(
  {
    territoryId: Type.Optional(Type.Integer({ minimum: 1 })),
    action: Type.Optional(StringEnum(WORKLIST_ACTIONS)),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    lang: Type.Optional(StringEnum(['zh-CN', 'en'])),
  },
  { additionalProperties: false },
);
export const WorklistItem = Type.Object({
  unitId: Type.Integer(),
  name: Type.String(),
  creditCode: Type.String(),
  industry: Type.String(),
  employeeCount: Type.Integer(),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  coverage: StringEnum(COVERAGE_STATES),
  memberCount: Type.Integer(),
  memberCountSource: StringEnum(['survey', 'registry']),
  action: StringEnum(WORKLIST_ACTIONS),
  suggestions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      room: Type.Integer(),
      sameArea: Type.Boolean(),
      sameIndustry: Type.Boolean(),
      distanceMetres: Nullable(Type.Integer()),
    }),
  ),
});
export const Worklist = ListOf(WorklistItem);

export const LIAISON_KINDS = ['instructor', 'liaison'] as const;
export const AssignLiaison = Type.Object(
  { personId: Type.Integer({ minimum: 1 }), kind: StringEnum(LIAISON_KINDS), sinceOn: Type.Optional(DateString) },
  { additionalProperties: false },
);
export const EndLiaison = Type.Object({ untilOn: Type.Optional(DateString) }, { additionalProperties: false });
export const Liaison = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  kind: StringEnum(LIAISON_KINDS),
  sinceOn: Type.String(),
  untilOn: Nullable(Type.String()),
});
export const UnitCoverage = Type.Object({
  unitId: Type.Integer(),
  coverage: StringEnum(COVERAGE_STATES),
  org: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String(), formationMode: Type.String(), sinceOn: Type.String() })),
  liaisons: Type.Array(Liaison),
  history: Type.Array(Type.Object({ orgId: Type.Integer(), orgName: Type.String(), sinceOn: Type.String(), untilOn: Nullable(Type.String()) })),
});
