/**
 * The Stripe SDK sends form-encoded bodies with bracket nesting
 * (`metadata[bookingId]=bk_1&line_items[0][quantity]=1`); this turns them back into objects.
 */

type FormValue = string | FormObject | FormValue[]
interface FormObject {
  [key: string]: FormValue
}

export function parseStripeForm(body: string): Record<string, unknown> {
  const root: FormObject = {}
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const [head = '', ...rest] = rawKey.split('[').map((part, index) => (index === 0 ? part : part.replace(/]$/, '')))
    const path = [head, ...rest]
    let node: FormObject | FormValue[] = root
    path.forEach((segment, index) => {
      const isLast = index === path.length - 1
      const nextIsIndex = /^\d*$/.test(path[index + 1] ?? '')
      const container = node as Record<string, FormValue>
      const key = Array.isArray(node) && segment === '' ? String(node.length) : segment
      if (isLast) {
        container[key] = value
        return
      }
      container[key] ??= nextIsIndex ? [] : {}
      node = container[key] as FormObject | FormValue[]
    })
  }
  return root
}
