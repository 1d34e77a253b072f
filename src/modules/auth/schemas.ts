import Type from 'typebox';
import { ROLES } from '../../server/permissions.js';
import { Nullable, StringEnum } from '../../server/schemas.js';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: StringEnum(ROLES),
  locale: Type.String(),
  district: Type.Object({ id: Type.Integer(), name: Type.String(), timeZone: Type.String() }),
  scope: Type.Object({
    territoryId: Nullable(Type.Integer()),
    territoryName: Nullable(Type.String()),
    territoryPath: Nullable(Type.String()),
    partyOrgId: Nullable(Type.Integer()),
  }),
  permissions: Type.Array(Type.String()),
});

export const MeResponse = Type.Object({ user: Me, csrfToken: Type.String() });
