import Type from 'typebox';
import { TERRITORY_KINDS } from '../../domain/territory.js';
import { ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';

const Lng = Type.Number({ minimum: 73, maximum: 136, description: 'longitude (China)' });
const Lat = Type.Number({ minimum: 3, maximum: 54, description: 'latitude (China)' });
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const TerritoryKind = StringEnum(TERRITORY_KINDS);

export const Territory = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  kind: TerritoryKind,
  name: Type.String(),
  code: Nullable(Type.String()),
  address: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  path: Type.String(),
  depth: Type.Integer(),
  status: StringEnum(['active', 'closed']),
  closedAt: Nullable(Type.String()),
  closedReason: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** The tree travels flat (parent ids, depth order); clients nest it. */
export const TreeNode = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  kind: TerritoryKind,
  name: Type.String(),
  status: Type.String(),
  depth: Type.Integer(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  unitCount: Type.Integer({ description: 'operating units registered directly in this node' }),
});
export const TreeResponse = Type.Object({ items: Type.Array(TreeNode) });

export const TreeQuery = Type.Object(
  {
    rootId: Type.Optional(Type.Integer({ minimum: 1 })),
    includeClosed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const TerritoryListQuery = Type.Object(
  {
    ...PageQuery,
    sort: SortQuery(['name', 'kind', 'createdAt'] as const),
    parentId: Type.Optional(Type.Integer({ minimum: 1 })),
    within: Type.Optional(Type.Integer({ minimum: 1, description: 'subtree of this node' })),
    kind: Type.Optional(TerritoryKind),
    status: Type.Optional(StringEnum(['active', 'closed'])),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const TerritoryList = ListOf(Territory);

export const CreateTerritory = Type.Object(
  {
    parentId: Type.Integer({ minimum: 1 }),
    kind: TerritoryKind,
    name: Name,
    code: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    lng: Type.Optional(Nullable(Lng)),
    lat: Type.Optional(Nullable(Lat)),
  },
  { additionalProperties: false },
);

export const UpdateTerritory = Type.Object(
  {
    name: Type.Optional(Name),
    code: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    lng: Type.Optional(Nullable(Lng)),
    lat: Type.Optional(Nullable(Lat)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MoveTerritory = Type.Object({ parentId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const CloseBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
