/**
 * The console's views (architecture §8), in sidebar order. Each is reachable with
 * Ctrl/⌘ + its number.
 */
export const viewIds = [
  'live',
  'inbox',
  'bookings',
  'customers',
  'reconciliation',
  'extensions',
  'offers',
  'activity',
  'settings',
] as const
export type ViewId = (typeof viewIds)[number]

export interface ViewDescription {
  id: ViewId
  label: string
  /** Shown while there is nothing to show: what will appear here, and how it gets there. */
  emptyTitle: string
  emptyBody: string
}

export const views: Record<ViewId, ViewDescription> = {
  live: {
    id: 'live',
    label: 'Live',
    emptyTitle: 'No calls right now',
    emptyBody:
      'When the AI hands a caller to a person, the call pops up here with who is calling, their bookings, a live transcript and suggested answers you can click.',
  },
  inbox: {
    id: 'inbox',
    label: 'Inbox',
    emptyTitle: 'No text conversations yet',
    emptyBody:
      'Customer text messages appear here as threads, with the replies the AI sent and drafts waiting for your approval.',
  },
  bookings: {
    id: 'bookings',
    label: 'Bookings',
    emptyTitle: 'No bookings yet',
    emptyBody:
      'Parties booked by phone, text or the AI show up here on a calendar and a list, each with its quote, deposit and payments.',
  },
  customers: {
    id: 'customers',
    label: 'Customers',
    emptyTitle: 'No customers yet',
    emptyBody:
      'Everyone who texts, calls or books is listed here, with their bookings, conversations, calls and payments. Search by name, phone or e-mail.',
  },
  reconciliation: {
    id: 'reconciliation',
    label: 'Reconciliation',
    emptyTitle: 'Nothing to reconcile',
    emptyBody:
      'Zelle, Venmo and Cash App deposits from your bank are matched to bookings here. Sure matches are accepted for you; the rest wait for your decision.',
  },
  extensions: {
    id: 'extensions',
    label: 'Extensions',
    emptyTitle: 'No extensions yet',
    emptyBody:
      'Add the people who take escalated calls: their extension number, working hours and who is first in line.',
  },
  offers: {
    id: 'offers',
    label: 'Offers & knowledge',
    emptyTitle: 'No packages or answers yet',
    emptyBody:
      'Seasonal packages and the answers the AI gives to common questions live here. Expired packages are never offered.',
  },
  activity: {
    id: 'activity',
    label: 'Activity',
    emptyTitle: 'No changes recorded yet',
    emptyBody: 'Every change a console makes is listed here with who made it and when (owner only).',
  },
  settings: {
    id: 'settings',
    label: 'Settings',
    emptyTitle: 'Connect this console',
    emptyBody:
      'Pair this console with your relay, sign in to RingCentral and connect your bank here.',
  },
}
