/**
 * "Also pays as": the payers the matcher takes for a customer (a spouse, a parent, a company).
 * The relay learns them from accepted matches; the owner adds and removes them here.
 */
import { useState } from 'react'
import type { Customer } from '../../../../domain/schemas'

export function KnownPayersPanel({ customers, onSave }: { customers: readonly Customer[]; onSave(customer: Customer): Promise<void> }) {
  const [customerId, setCustomerId] = useState('')
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const withPayers = customers.filter((customer) => (customer.alsoPaysAs ?? []).length > 0)
  const named = [...customers].filter((customer) => customer.name).sort((a, b) => a.name.localeCompare(b.name))

  async function change(customer: Customer, alsoPaysAs: NonNullable<Customer['alsoPaysAs']>) {
    setError(null)
    try {
      await onSave({ ...customer, alsoPaysAs })
    } catch (cause) {
      setError(`Could not save: ${(cause as Error).message}`)
    }
  }

  return (
    <details className="known-payers">
      <summary>Known payers ("also pays as")</summary>
      {withPayers.length === 0 ? (
        <p className="hint">
          When you accept a payment from someone other than the customer — a spouse, a parent, a company — they are remembered here
          and their next payment is matched to the customer.
        </p>
      ) : (
        <ul aria-label="Known payers">
          {withPayers.map((customer) => (
            <li key={customer.id}>
              <strong>{customer.name || customer.id}</strong> also pays as{' '}
              {(customer.alsoPaysAs ?? []).map((known) => (
                <span key={known.name} className="badge">
                  {known.name}{' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Forget ${known.name} for ${customer.name}`}
                    onClick={() => void change(customer, (customer.alsoPaysAs ?? []).filter((entry) => entry !== known))}
                  >
                    ×
                  </button>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      <div className="rematch-controls">
        <label>
          Customer
          <select value={customerId} onChange={(event) => setCustomerId(event.target.value)}>
            <option value="">Choose…</option>
            {named.map((customer) => (
              <option key={customer.id} value={customer.id}>
                {customer.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Also pays as
          <input value={name} maxLength={200} placeholder="Name on the bank line" onChange={(event) => setName(event.target.value)} />
        </label>
        <button
          type="button"
          disabled={!customerId || !name.trim()}
          onClick={() => {
            const customer = customers.find((entry) => entry.id === customerId)
            if (!customer) return
            void change(customer, [...(customer.alsoPaysAs ?? []), { name: name.trim(), learnedFrom: null, addedAt: new Date().toISOString() }]).then(() => setName(''))
          }}
        >
          Add
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </details>
  )
}
