import type { Kysely, Transaction } from 'kysely';
import { electionDueOn, evaluateOrg, termYears, type FormationMode, type OrgKind, type Post } from '../../domain/orgs.js';
import type { Database, PartyOrg } from '../../db/schema.js';
import type { DistrictContext } from '../district/context.js';
import { coveredUnitStats, currentPosts, territoryKinds } from './queries.js';
import { registeredMembersByOrg } from '../coverage/members.js';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Organizations as the API shows them: with their member count (and where it
 * came from), covered units, current posts and the rules they break.
 * An organization with registered members counts them (source "registry");
 * one without uses the surveyed counts of the units it covers ("survey").
 */
export async function describeOrgs(db: Q, rows: PartyOrg[], dc: DistrictContext) {
  const ids = rows.map((r) => r.id);
  const [stats, posts, kinds, registered] = await Promise.all([
    coveredUnitStats(db, ids),
    currentPosts(db, ids),
    territoryKinds(db, rows.map((r) => r.territory_id)),
    registeredMembersByOrg(db, rows),
  ]);
  return rows.map((r) => {
    const s = stats.get(r.id) ?? { units: 0, surveyedMembers: 0, industries: [] };
    const reg = registered.get(r.id);
    const members = reg ? { value: reg.members, full: reg.full, source: 'registry' as const } : { value: s.surveyedMembers, full: s.surveyedMembers, source: 'survey' as const };
    const territory = kinds.get(r.territory_id);
    const inVillageOrCommunity = territory?.kind === 'village' || territory?.kind === 'community';
    const myPosts = posts.filter((p) => p.party_org_id === r.id);
    const kind = r.kind as OrgKind;
    const years = termYears(kind, inVillageOrCommunity, dc.forming);
    const findings =
      r.status === 'active'
        ? evaluateOrg(
            {
              kind,
              formationMode: r.formation_mode as FormationMode,
              inVillageOrCommunity,
              fullMemberCount: members.full,
              memberCount: members.value,
              coveredUnitCount: s.units,
              posts: myPosts.map((p) => ({ post: p.post as Post, fullMemberSince: p.full_member_since })),
              lastElectedOn: r.last_elected_on,
              today: dc.today,
            },
            dc.forming,
          )
        : [];
    return {
      id: r.id,
      parentId: r.parent_id,
      path: r.path,
      depth: r.depth,
      kind,
      name: r.name,
      formationMode: r.formation_mode as FormationMode,
      territoryId: r.territory_id,
      territoryName: territory?.name ?? '',
      foundedOn: r.founded_on,
      approvedOn: r.approved_on,
      lastElectedOn: r.last_elected_on,
      termYears: years,
      electionDueOn: electionDueOn(r.last_elected_on, years),
      demoSite: r.demo_site_level ? { level: r.demo_site_level as 'province' | 'city' | 'district', designatedOn: r.demo_site_on } : null,
      status: r.status as 'active' | 'closed',
      closedOn: r.closed_on,
      closedReason: r.closed_reason,
      memberCount: { value: members.value, source: members.source },
      coveredUnitCount: s.units,
      posts: myPosts.map((p) => ({
        id: p.id,
        post: p.post as Post,
        personId: p.person_id,
        personName: p.person_name,
        startedOn: p.started_on,
        approvedOn: p.approved_on,
        // "Two-way entry": a post holder who also sits in the unit's management.
        crossAppointed: p.in_unit_management === 1,
        unitPosition: p.unit_position,
      })),
      findings,
    };
  });
}

export type OrgDto = Awaited<ReturnType<typeof describeOrgs>>[number];
