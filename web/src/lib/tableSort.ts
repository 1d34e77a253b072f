import type { SorterResult } from 'antd/es/table/interface';

/** The column's sort indicator for a list's `sort` parameter ('name', '-name'). */
export function sortOrderOf(sort: string | undefined, field: string): 'ascend' | 'descend' | null {
  if (sort?.replace(/^-/, '') !== field) return null;
  return sort.startsWith('-') ? 'descend' : 'ascend';
}

/** A list's `sort` parameter from a table's sorter: undefined when the column is unsorted or not one of `sortable`. */
export function sortFromTable<T>(sorter: SorterResult<T> | SorterResult<T>[], sortable: readonly string[]): string | undefined {
  const s = Array.isArray(sorter) ? sorter[0] : sorter;
  const field = s?.order ? String(s.columnKey ?? s.field) : undefined;
  if (!field || !sortable.includes(field)) return undefined;
  return s?.order === 'descend' ? `-${field}` : field;
}
