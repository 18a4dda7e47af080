/** A labelled input with its validation message, announced when it appears. */
export function Field({ label, error, children }: { label: string; error?: string | undefined; children: React.ReactNode }) {
  return (
    <label>
      {label}
      {children}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </label>
  )
}
