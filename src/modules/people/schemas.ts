import Type from 'typebox';
import { DateString, ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';

export const Person = Type.Object({
  id: Type.Integer(),
  territoryId: Type.Integer(),
  name: Type.String(),
  gender: Nullable(StringEnum(['male', 'female'])),
  phone: Nullable(Type.String({ description: 'masked in lists' })),
  employerUnitId: Nullable(Type.Integer()),
  employerUnitName: Nullable(Type.String()),
  unitPosition: Nullable(Type.String()),
  inUnitManagement: Type.Boolean(),
  fullMemberSince: Nullable(Type.String()),
});
export const PersonList = ListOf(Person);
export const PersonListQuery = Type.Object(
  {
    ...PageQuery,
    sort: SortQuery(['name', 'createdAt'] as const),
    territoryId: Type.Optional(Type.Integer({ minimum: 1 })),
    employerUnitId: Type.Optional(Type.Integer({ minimum: 1 })),
    q: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
);
const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$|^0\\d{2,3}-?\\d{7,8}$', description: 'mobile or landline' });
export const CreatePerson = Type.Object(
  {
    territoryId: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 2, maxLength: 50 }),
    gender: Type.Optional(Nullable(StringEnum(['male', 'female']))),
    phone: Type.Optional(Nullable(Phone)),
    employerUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    unitPosition: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    inUnitManagement: Type.Optional(Type.Boolean()),
    fullMemberSince: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export const UpdatePerson = Type.Partial(CreatePerson, { additionalProperties: false, minProperties: 1 });
