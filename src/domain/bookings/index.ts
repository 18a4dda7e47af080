export * from './booking-status'
export * from './message-templates'
export * from './message-schedule'
