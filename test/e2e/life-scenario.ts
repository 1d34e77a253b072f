/**
 * Organizational life on the fixture district, for the browser test and the
 * screenshots: four full members in 星火科技有限公司党支部 (the fixture's
 * branch A, whose secretary post is held by 张建华 and whose `secretary`
 * user is scoped to it), the `member` user linked to the first of them, and
 * one activity room in 金融大厦 that the branch can book.
 */
import { addMember, NOW } from '../support/fixture.js';
import type { FixtureServer } from './server.js';

export const LIFE_MEMBERS = ['王小明', '李红', '赵强', '陈静'] as const;
export type LifeMemberName = (typeof LIFE_MEMBERS)[number];

/** The member the `member` user is. */
export const PHONE_MEMBER: LifeMemberName = '王小明';
export const ROOM_NAME = '金融大厦党员活动室';

export async function addLifeScenario(server: Pick<FixtureServer, 'db' | 'fx'>): Promise<{ members: Record<LifeMemberName, number>; roomId: number }> {
  const k = server.db.kysely;
  const members = {} as Record<LifeMemberName, number>;
  let personOfPhone = 0;
  for (const [i, name] of LIFE_MEMBERS.entries()) {
    const { memberId, personId } = await addMember(server.db, server.fx.orgs.branchA, { name, gender: i % 2 ? 'female' : 'male' });
    members[name] = memberId;
    if (name === PHONE_MEMBER) personOfPhone = personId;
  }
  await k.updateTable('app_user').set({ person_id: personOfPhone }).where('username', '=', 'member').execute();
  const building = server.fx.nodes.buildingA;
  const now = NOW;
  const { id: roomId } = await k
    .insertInto('activity_position')
    .values({
      district_id: server.fx.districtId,
      kind: 'activity_room',
      name: ROOM_NAME,
      address: '金融大厦 3 层',
      territory_id: building.id,
      territory_path: building.path,
      party_org_id: null,
      org_path: null,
      lng: null,
      lat: null,
      area_m2: 60,
      capacity: 30,
      checklist_json: JSON.stringify([
        { item: 'signboard', done: true, note: null },
        { item: 'party_flag', done: true, note: null },
        { item: 'rules', done: true, note: null },
      ]),
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { members, roomId };
}
