import { canNestOrg } from '../../../../src/domain/orgs.ts';
import type { OrgKind, OrgTreeItem } from '../../lib/types.ts';

export interface OrgTreeIndex {
  byId: Map<number, OrgTreeItem>;
  children: Map<number | null, OrgTreeItem[]>;
  roots: OrgTreeItem[];
}

/** The flat answer of /party-orgs/tree, indexed (roots: nodes whose parent is outside the caller's scope). */
export function indexOrgTree(items: readonly OrgTreeItem[]): OrgTreeIndex {
  const byId = new Map(items.map((n) => [n.id, n]));
  const children = new Map<number | null, OrgTreeItem[]>();
  const roots: OrgTreeItem[] = [];
  for (const n of items) {
    const parent = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
    if (parent === null) roots.push(n);
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  return { byId, children, roots };
}

export function orgSubtreeIds(index: OrgTreeIndex, id: number): Set<number> {
  const out = new Set<number>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    out.add(cur);
    for (const c of index.children.get(cur) ?? []) stack.push(c.id);
  }
  return out;
}

export interface OrgSelectNode {
  value: number;
  title: string;
  kind: OrgKind;
  disabled?: boolean;
  children?: OrgSelectNode[];
}

/** Tree data for an antd TreeSelect; `selectable` greys out the others but keeps the shape. */
export function selectOrgTree(index: OrgTreeIndex, selectable: (n: OrgTreeItem) => boolean = () => true): OrgSelectNode[] {
  const build = (n: OrgTreeItem): OrgSelectNode => {
    const kids = index.children.get(n.id) ?? [];
    return {
      value: n.id,
      title: n.name,
      kind: n.kind,
      ...(!selectable(n) && { disabled: true }),
      ...(kids.length > 0 && { children: kids.map(build) }),
    };
  };
  return index.roots.map(build);
}

/** Organizations that may hold at least one kind of sub-organization (committees, general branches, branches). */
export function canHaveChildren(kind: OrgKind): boolean {
  return (['committee', 'general_branch', 'branch', 'joint_branch', 'party_group'] as const).some((k) => canNestOrg(k, kind));
}
