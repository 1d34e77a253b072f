/** Units ("two new" organizations): the vocabularies the registry uses. */

export const UNIT_KINDS = ['enterprise', 'social_org'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Ownership of non-public enterprises (glossary), plus the social organizations' own forms. */
export const OWNERSHIPS = [
  'private',
  'foreign',
  'hk_macao_taiwan',
  'individual',
  'restructured',
  'social_group',
  'private_non_enterprise',
  'foundation',
] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** GB/T 4754 sections, by letter; the registry stores the letter. */
export const INDUSTRIES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const UNIT_STATUSES = ['operating', 'closed'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/**
 * Size bands by employee count. Simplified from the statistical classification
 * (which also uses revenue): what a street needs to sort its survey.
 */
export const SIZE_BANDS = ['micro', 'small', 'medium', 'large'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

const SIZE_BOUNDS: Record<SizeBand, [number, number | null]> = {
  micro: [0, 9],
  small: [10, 99],
  medium: [100, 999],
  large: [1000, null],
};

export function sizeBandOf(employees: number): SizeBand {
  for (const band of SIZE_BANDS) {
    const [lo, hi] = SIZE_BOUNDS[band];
    if (employees >= lo && (hi === null || employees <= hi)) return band;
  }
  return 'micro';
}

/** Inclusive employee-count range of a band (max null: unbounded). */
export function sizeBandRange(band: SizeBand): { min: number; max: number | null } {
  const [min, max] = SIZE_BOUNDS[band];
  return { min, max };
}
