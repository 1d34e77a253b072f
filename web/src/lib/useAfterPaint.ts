import { startTransition, useEffect, useState } from 'react';

/**
 * False until the frame after `when` first holds is on screen, then true for
 * good. A page renders what matters first (the dashboard's KPI cards) and
 * mounts its heavy parts (charts, tables, their requests) only after that
 * paint, so they cannot hold it back.
 */
export function useAfterPaint(when: boolean): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!when || ready) return;
    const go = () => startTransition(() => setReady(true));
    // requestAnimationFrame runs just before the paint; the task it queues, just after.
    let task: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      task = setTimeout(go, 0);
    });
    // Hidden tabs get no frames: nothing to paint there, but the page must still fill in.
    const fallback = setTimeout(go, 500);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(task);
      clearTimeout(fallback);
    };
  }, [when, ready]);
  return ready;
}
