import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the throwaway PostgreSQL cluster, or null when it could not run here. */
    pgUrl: string | null;
  }
}
