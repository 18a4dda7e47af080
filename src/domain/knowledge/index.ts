export * from './active-packages'
export * from './slot-availability'
export * from './offer-drafts'
