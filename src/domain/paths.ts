/**
 * Materialized paths for trees (territory, party organizations): '/1/7/42/'.
 * A subtree is every path starting with the node's path; we query it as a
 * half-open range so that both SQLite and PostgreSQL use a plain b-tree index
 * ('/' is 0x2F and '0' is 0x30, so '/1/7/' <= p < '/1/70' is exactly the subtree).
 */

export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export function depthOf(path: string): number {
  return pathIds(path).length - 1;
}

export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

export function subtreeRange(path: string): { from: string; to: string } {
  if (!path.endsWith('/')) throw new RangeError(`not a path: ${path}`);
  return { from: path, to: path.slice(0, -1) + '0' };
}

/** The new path of a node (and of each descendant) after moving `oldPrefix` to `newPrefix`. */
export function rebase(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new RangeError(`${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}
