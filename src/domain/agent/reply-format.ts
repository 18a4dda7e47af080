import { formatCents } from '../money'

/** "$1,650" for whole dollars, "$1,650.50" otherwise: replies read like a person wrote them. */
export function dollars(cents: number): string {
  return formatCents(cents).replace(/\.00$/, '')
}

/** `2026-11-28` → "Saturday, November 28". The date is a calendar date, so UTC noon is safe. */
export function spokenDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`))
}

/** `18:30` → "6:30 PM", `12:00` → "12 PM". */
export function spokenTime(time: string): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  const suffix = hours >= 12 ? 'PM' : 'AM'
  const hour12 = hours % 12 === 0 ? 12 : hours % 12
  return minutes === 0 ? `${hour12} ${suffix}` : `${hour12}:${String(minutes).padStart(2, '0')} ${suffix}`
}

/** `+15105550100` → "(510) 555-0100"; other formats are returned as given. */
export function spokenPhone(e164: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164)
  return match === null ? e164 : `(${match[1]}) ${match[2]}-${match[3]}`
}

export function guestPhrase(adults: number, kids: number): string {
  const parts = []
  if (adults > 0 || kids === 0) parts.push(`${adults} ${adults === 1 ? 'adult' : 'adults'}`)
  if (kids > 0) parts.push(`${kids} ${kids === 1 ? 'child' : 'children'}`)
  return parts.join(' and ')
}
