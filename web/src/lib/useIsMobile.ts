import { Grid } from 'antd';

/** Phone width (below antd's `md`, 768px): one-column forms, full-width drawers, menu in a drawer. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined: decide by the window.
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}
