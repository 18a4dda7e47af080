interface EmptyStateProps {
  title: string
  children: React.ReactNode
}

/** What a view shows while it has nothing to show: what will appear, and how it gets there. */
export function EmptyState({ title, children }: EmptyStateProps) {
  return (
    <div className="empty-state" role="status">
      <h2>{title}</h2>
      <p>{children}</p>
    </div>
  )
}
