import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { pct } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { CoverageState, WorklistAction } from '../../lib/types.ts';

/** Colours of the coverage states, the same on tags, charts and the map. */
export const COVERAGE_COLORS: Record<CoverageState, string> = {
  own: '#389e0d',
  joint: '#13a8a8',
  work: '#d48806',
  none: '#cf1322',
};
const COVERAGE_TAG: Record<CoverageState, string> = { own: 'green', joint: 'cyan', work: 'gold', none: 'red' };

export function CoverageTag({ value }: { value: CoverageState }) {
  const { l } = useLabels();
  return (
    <Tag color={COVERAGE_TAG[value]} data-coverage={value}>
      {l('coverage', value)}
    </Tag>
  );
}

const ACTION_TAG: Record<WorklistAction, string> = { form_branch: 'red', join_joint_branch: 'orange', assign_liaison: 'blue' };

export function ActionTag({ value }: { value: WorklistAction }) {
  const { l } = useLabels();
  return (
    <Tag color={ACTION_TAG[value]} data-action={value}>
      {l('worklistAction', value)}
    </Tag>
  );
}

/** The organizational-coverage bands of the map and tables: red < 40%, amber < 70%, green ≥ 70%. */
export type RateBand = 'low' | 'mid' | 'high' | 'none';
export const BAND_COLORS: Record<RateBand, string> = { low: '#cf1322', mid: '#faad14', high: '#389e0d', none: '#bfbfbf' };

export function rateBand(rate: number | null | undefined): RateBand {
  if (rate === null || rate === undefined) return 'none';
  if (rate < 0.4) return 'low';
  if (rate < 0.7) return 'mid';
  return 'high';
}

/** A rate as a coloured number, with its band in the tooltip. */
export function RateText({ rate, testId }: { rate: number | null; testId?: string }) {
  const { t } = useTranslation();
  const band = rateBand(rate);
  return (
    <Tooltip title={t(`coverage.band.${band}`)}>
      <span style={{ color: BAND_COLORS[band], fontWeight: 500 }} data-testid={testId} data-band={band}>
        {pct(rate)}
      </span>
    </Tooltip>
  );
}
