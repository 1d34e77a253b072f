import { describe, expect, it } from 'vitest';
import { childPath, depthOf, isWithin, pathIds, rebase, subtreeRange } from './paths.js';

describe('materialized paths', () => {
  it('builds child paths from the root down', () => {
    expect(childPath(null, 1)).toBe('/1/');
    expect(childPath('/1/', 7)).toBe('/1/7/');
    expect(childPath('/1/7/', 42)).toBe('/1/7/42/');
  });

  it('reads ids and depth back', () => {
    expect(pathIds('/1/7/42/')).toEqual([1, 7, 42]);
    expect(depthOf('/1/')).toBe(0);
    expect(depthOf('/1/7/42/')).toBe(2);
  });

  it('does not mistake a sibling with a longer id for a descendant', () => {
    expect(isWithin('/1/70/', '/1/7/')).toBe(false);
    expect(isWithin('/1/7/42/', '/1/7/')).toBe(true);
  });

  it('gives a half-open range containing exactly the subtree', () => {
    const { from, to } = subtreeRange('/1/7/');
    const inRange = (p: string) => p >= from && p < to;
    expect(inRange('/1/7/')).toBe(true);
    expect(inRange('/1/7/42/')).toBe(true);
    expect(inRange('/1/7/999999/3/')).toBe(true);
    expect(inRange('/1/70/')).toBe(false);
    expect(inRange('/1/8/')).toBe(false);
    expect(inRange('/1/6/')).toBe(false);
    expect(inRange('/1/')).toBe(false);
    expect(() => subtreeRange('/1/7')).toThrow();
  });

  it('rebases a descendant when its ancestor moves', () => {
    expect(rebase('/1/7/42/5/', '/1/7/42/', '/1/8/42/')).toBe('/1/8/42/5/');
    expect(() => rebase('/1/9/', '/1/7/', '/1/8/')).toThrow();
  });
});
