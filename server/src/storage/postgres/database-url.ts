// Kept apart from the driver: the command line names the database without loading `pg`.

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for the start line and errors. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://(unparseable URL)'
  }
}
