/**
 * The frame of every add/edit form: a labelled form with its heading and Save/Cancel buttons,
 * whose Enter submits and Escape cancels. Validation stays with each form's domain draft.
 */
export function EditorForm({
  title,
  className,
  onSubmit,
  onCancel,
  heading = 'h2',
  showTitle = true,
  submitLabel,
  children,
}: {
  title: string
  submitLabel: string
  className: string
  onSubmit: () => void
  onCancel?: (() => void) | undefined
  heading?: 'h2' | 'h3'
  /** False when the section around the form already shows the same heading (the form keeps it as its name). */
  showTitle?: boolean
  children: React.ReactNode
}) {
  const Heading = heading
  return (
    <form
      className={`form ${className}`}
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault()
        onSubmit()
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && onCancel) onCancel()
      }}
    >
      {showTitle && <Heading>{title}</Heading>}
      {children}
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}
