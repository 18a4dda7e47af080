import type { Settings } from './schemas/settings'

/**
 * The built-in demo business (architecture §4): a mobile hibachi caterer based in Fremont, CA.
 * Takes `updatedAt` as an argument because the domain never reads the clock itself.
 */
export function demoBusinessProfile(updatedAt: string): Settings {
  return {
    id: 'business',
    updatedAt,
    businessName: 'Hibachi at Home Bay Area',
    contactPhone: '+15105550100',
    contactEmail: 'hello@hibachi-demo.example',
    timeZone: 'America/Los_Angeles',
    baseLocation: { city: 'Fremont', state: 'CA', zip: '94539' },
    serviceAreaMiles: 100,
    adultPriceCents: 5500,
    childPriceCents: 3000,
    childAgeRange: { min: 6, max: 12 },
    partyMinimumCents: 55000,
    depositCents: 10000,
    travelFreeMiles: 30,
    travelCentsPerMile: 200,
    timeSlots: [
      { name: 'Lunch', start: '12:00', capacity: 2 },
      { name: 'Dinner', start: '17:00', capacity: 3 },
    ],
    tipPercentRange: { min: 5, max: 50 },
    escalationPhrases: ['speak to a human', 'talk to a person', 'representative', 'manager'],
  }
}
