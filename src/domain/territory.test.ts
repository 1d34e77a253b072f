import { describe, expect, it } from 'vitest';
import { canHoldUnits, canNest, levelOf, TERRITORY_KINDS } from './territory.js';
import { sizeBandOf, sizeBandRange, SIZE_BANDS } from './units.js';

describe('territory nesting', () => {
  it('has a district or county-level city at the root and nothing else', () => {
    expect(canNest('district', null)).toBe(true);
    expect(canNest('county_city', null)).toBe(true);
    for (const k of TERRITORY_KINDS.filter((k) => levelOf(k) !== 'root')) expect(canNest(k, null)).toBe(false);
  });

  it('fits an urban district (Huangpu): streets with buildings and markets', () => {
    expect(canNest('street', 'district')).toBe(true);
    expect(canNest('building', 'street')).toBe(true);
    expect(canNest('market', 'street')).toBe(true);
    expect(canNest('community', 'street')).toBe(true);
  });

  it('fits a county-level city (Hongjiang): streets, townships and parks', () => {
    expect(canNest('township', 'county_city')).toBe(true);
    expect(canNest('park', 'county_city')).toBe(true);
    expect(canNest('park', 'township')).toBe(true);
  });

  it('fits a township with villages (Mazhu)', () => {
    expect(canNest('village', 'township')).toBe(true);
  });

  it('refuses nonsense', () => {
    expect(canNest('street', 'street')).toBe(false);
    expect(canNest('building', 'district')).toBe(false);
    expect(canNest('village', 'building')).toBe(false);
    expect(canNest('district', 'district')).toBe(false);
  });

  it('keeps units out of the root', () => {
    expect(canHoldUnits('district')).toBe(false);
    expect(canHoldUnits('street')).toBe(true);
    expect(canHoldUnits('market')).toBe(true);
  });
});

describe('size bands', () => {
  it('puts the bounds in the right band', () => {
    expect(sizeBandOf(0)).toBe('micro');
    expect(sizeBandOf(9)).toBe('micro');
    expect(sizeBandOf(10)).toBe('small');
    expect(sizeBandOf(99)).toBe('small');
    expect(sizeBandOf(100)).toBe('medium');
    expect(sizeBandOf(999)).toBe('medium');
    expect(sizeBandOf(1000)).toBe('large');
  });

  it('has ranges that agree with the classifier', () => {
    for (const band of SIZE_BANDS) {
      const { min, max } = sizeBandRange(band);
      expect(sizeBandOf(min)).toBe(band);
      if (max !== null) expect(sizeBandOf(max)).toBe(band);
    }
  });
});
