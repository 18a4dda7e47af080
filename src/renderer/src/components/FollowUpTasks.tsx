import type { Suggestion } from '../../../domain/schemas'

interface FollowUpTasksProps {
  tasks: readonly Suggestion[]
  /** Marks a task done (the suggestion's status becomes `used`). */
  onDone(task: Suggestion): void
  /** Opens what the task is about (its text thread), when the list shows tasks from many threads. */
  onOpen?(task: Suggestion): void
  label: string
}

/**
 * Follow-ups the agent left for staff: no urgency, the customer already has an answer. Each task
 * says what to do and what the customer said; "Done" clears it for everyone.
 */
export function FollowUpTasks({ tasks, onDone, onOpen, label }: FollowUpTasksProps) {
  if (tasks.length === 0) return null
  return (
    <section className="follow-ups" aria-label={label}>
      <h3>
        {label} <span className="badge badge-follow-up">{tasks.length}</span>
      </h3>
      <ul>
        {tasks.map((task) => (
          <li key={task.id} className="follow-up" data-testid={`follow-up-${task.id}`}>
            <div className="follow-up-head">
              <strong>{task.title}</strong>
              <span className="hint">{new Date(task.createdAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}</span>
            </div>
            <div className="follow-up-text">{task.text}</div>
            <div className="row-actions">
              {onOpen && task.conversationId && (
                <button type="button" className="link-button" onClick={() => onOpen(task)}>
                  Open thread
                </button>
              )}
              <button type="button" onClick={() => onDone(task)}>
                Done
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
