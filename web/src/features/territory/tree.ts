import { canHoldUnits } from '../../../../src/domain/territory.ts';
import type { TreeNode } from '../../lib/types.ts';

/** The flat tree answer, indexed: children by parent, nodes by id, roots (nodes whose parent is outside the answer). */
export interface TreeIndex {
  byId: Map<number, TreeNode>;
  children: Map<number | null, TreeNode[]>;
  roots: TreeNode[];
}

export function indexTree(items: readonly TreeNode[]): TreeIndex {
  const byId = new Map(items.map((n) => [n.id, n]));
  const children = new Map<number | null, TreeNode[]>();
  const roots: TreeNode[] = [];
  for (const n of items) {
    const parent = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
    if (parent === null) roots.push(n);
    const list = children.get(parent) ?? [];
    list.push(n);
    children.set(parent, list);
  }
  return { byId, children, roots };
}

/** Ids of a node and everything under it. */
export function subtreeIds(index: TreeIndex, id: number): Set<number> {
  const out = new Set<number>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    out.add(cur);
    for (const c of index.children.get(cur) ?? []) stack.push(c.id);
  }
  return out;
}

/** Ancestors of a node inside the answer, nearest last. */
export function ancestorIds(index: TreeIndex, id: number): number[] {
  const out: number[] = [];
  let cur = index.byId.get(id);
  while (cur && cur.parentId !== null && index.byId.has(cur.parentId)) {
    out.unshift(cur.parentId);
    cur = index.byId.get(cur.parentId);
  }
  return out;
}

/** Operating units in a node and all its sub-areas. */
export function subtreeUnitCount(index: TreeIndex, id: number): number {
  let n = 0;
  for (const i of subtreeIds(index, id)) n += index.byId.get(i)?.unitCount ?? 0;
  return n;
}

export interface SelectTreeNode {
  value: number;
  title: string;
  disabled?: boolean;
  children?: SelectTreeNode[];
}

/**
 * Tree data for an antd TreeSelect. `selectable` decides which nodes may be
 * picked (the others stay visible, greyed, to keep the tree's shape).
 */
export function selectTree(index: TreeIndex, selectable: (n: TreeNode) => boolean = () => true): SelectTreeNode[] {
  const build = (n: TreeNode): SelectTreeNode => {
    const kids = index.children.get(n.id) ?? [];
    return {
      value: n.id,
      title: n.name,
      ...(!selectable(n) && { disabled: true }),
      ...(kids.length > 0 && { children: kids.map(build) }),
    };
  };
  return index.roots.map(build);
}

/** Nodes a unit may be registered in: open streets/townships and areas. */
export function canHoldUnitsNode(n: TreeNode): boolean {
  return n.status === 'active' && canHoldUnits(n.kind);
}

/** The street or township a node lies in (the node itself when it is one), if it is inside the answer. */
export function streetOf(index: TreeIndex, id: number): TreeNode | undefined {
  for (const i of [...ancestorIds(index, id), id]) {
    const n = index.byId.get(i);
    if (n && (n.kind === 'street' || n.kind === 'township')) return n;
  }
  return undefined;
}

/** The deepest node that holds all the given nodes (one of them, or an ancestor they share). */
export function commonAncestor(index: TreeIndex, ids: readonly number[]): number | undefined {
  const chains = ids.map((id) => [...ancestorIds(index, id), id]);
  const first = chains[0];
  if (!first) return undefined;
  let out: number | undefined;
  for (let i = 0; i < first.length; i++) {
    if (chains.every((c) => c[i] === first[i])) out = first[i];
    else break;
  }
  return out;
}
