/**
 * Display labels of the shared vocabularies (src/domain/labels.ts is the one
 * source, used by the server's exports too) in the current UI language.
 */
import { useCallback, useMemo } from 'react';
import { LABELS, label, type Vocabulary } from '../../../src/domain/labels.ts';
import { SOURCES, type SourceName } from '../../../src/domain/sources.ts';
import { useLang, type Lang } from './i18n.ts';

export type { Vocabulary };

export interface Option<V extends string = string> {
  value: V;
  label: string;
}

export function labelOf(vocabulary: Vocabulary, value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '';
  return label(vocabulary, value, lang);
}

export function optionsOf(vocabulary: Vocabulary, lang: Lang, only?: readonly string[]): Option[] {
  const entries = Object.entries(LABELS[vocabulary] as Record<string, { 'zh-CN': string; en: string }>);
  return entries.filter(([v]) => !only || only.includes(v)).map(([value, l]) => ({ value, label: l[lang] }));
}

/** The full title of a regulation a rule comes from (src/domain/sources.ts). */
export function sourceTitle(name: string, lang: Lang): string {
  return Object.hasOwn(SOURCES, name) ? SOURCES[name as SourceName][lang] : name;
}

/** `l('unitKind', 'enterprise')` → 非公有制企业 / Non-public enterprise. */
export function useLabels() {
  const lang = useLang();
  const l = useCallback((vocabulary: Vocabulary, value: string | null | undefined) => labelOf(vocabulary, value, lang), [lang]);
  const options = useCallback((vocabulary: Vocabulary, only?: readonly string[]) => optionsOf(vocabulary, lang, only), [lang]);
  return useMemo(() => ({ l, options, lang }), [l, options, lang]);
}
