/** The rows of a `db.execute` result: postgres.js returns them as an array, PGlite as `{ rows }`. */
export const rowsOf = (result: unknown): Record<string, any>[] => (Array.isArray(result) ? result : ((result as { rows?: Record<string, any>[] }).rows ?? []));
