import { defaultMessageTemplates } from './bookings/message-templates'
import type { Settings } from './schemas/settings'

/**
 * The built-in demo business (architecture §4): a mobile hibachi caterer based in Fremont, CA.
 * Takes `updatedAt` as an argument because the domain never reads the clock itself. Keyword
 * matching is by substring, so the FAQ keywords are phrases that rarely occur by accident.
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
    messageTemplates: { ...defaultMessageTemplates },
    quietHours: { start: '21:00', end: '08:00' },
    reviewUrl: 'https://reviews.hibachi-demo.example/write',
    faqs: [
      {
        question: "What's included?",
        keywords: ['included', 'what do you include', 'comes with', 'come with'],
        answer:
          'Every guest gets salad, fried rice, vegetables and two proteins, cooked on our grill by a chef who puts on a show. You provide the tables, chairs and plates.',
      },
      {
        question: 'How long does a party last?',
        keywords: ['how long', 'how many hours', 'duration'],
        answer: 'The chef arrives 30 minutes early to set up; cooking and the show take about 90 minutes for up to 20 guests, a little longer for bigger parties.',
      },
      {
        question: 'Do you bring tables?',
        keywords: ['tables', 'chairs', 'plates', 'utensils'],
        answer: 'We bring the grill, the chef and the food. Please set up tables, chairs, plates and utensils for your guests before the chef arrives.',
      },
      {
        question: 'Can you handle allergies?',
        keywords: ['allergy', 'allergies', 'allergic', 'gluten', 'vegan', 'vegetarian'],
        answer:
          'Tell us about any allergy when you book: we can cook allergy orders first on a cleaned grill and leave out ingredients, and our team confirms the details with you.',
      },
    ],
  }
}
