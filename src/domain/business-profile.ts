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
    escalateAboveGuests: 75,
    depositRefundDays: 7,
    faqs: [
      {
        question: "What's on the menu?",
        keywords: ['menu', 'proteins', 'what do you serve', 'kind of food', 'dishes', 'gluten free', 'sake'],
        answer:
          'Each guest picks two proteins: chicken, steak, shrimp, salmon or tofu, with filet mignon, scallops and lobster tail as upgrades. Every plate comes with salad, fried rice and grilled vegetables, and you can add gyoza, noodles or edamame. Gluten-free soy sauce on request.',
      },
      {
        question: 'Do you have vegetarian options?',
        keywords: ['vegetarian', 'veggie', 'vegan', 'tofu', 'meatless', "don't eat meat"],
        answer:
          'Yes: vegetarian guests get tofu and extra grilled vegetables, cooked first on a clean grill, and vegan plates can be made without butter or egg. Just tell us how many when you book.',
      },
      {
        question: "What's included?",
        keywords: ['included', 'what do you include', 'comes with', 'come with', 'sides'],
        answer:
          'Every guest gets salad, fried rice, vegetables and two proteins, cooked on our grill by a chef who puts on a show. You provide the tables, chairs and plates.',
      },
      {
        question: 'What do you bring, and how does set-up work?',
        keywords: ['tables', 'chairs', 'plates', 'utensils', 'set up', 'setup', 'propane', 'grill', 'clean up'],
        answer:
          'We bring the propane grill, the chef, the food and the cooking tools; the chef arrives 30 minutes early to set up and cleans the grill area afterwards. Please set up tables, chairs, plates and utensils for your guests.',
      },
      {
        question: 'How much space does the grill need?',
        keywords: ['space', 'room', 'patio', 'backyard', 'balcony', 'deck', 'fit'],
        answer:
          'The grill needs a flat outdoor spot about 8 by 6 feet with room for guests around it: a patio, driveway or lawn works. We do not cook indoors, on balconies or under low roofs.',
      },
      {
        question: 'What if it rains?',
        keywords: ['rain', 'raining', 'weather', 'storm', 'covered'],
        answer:
          "If it rains we cook under a covered patio, an open garage or a canopy with good airflow. If there's no cover, we move your party to another date at no charge.",
      },
      {
        question: 'How can I pay?',
        keywords: ['venmo', 'zelle', 'cash app', 'cash', 'credit card', 'apple pay', 'pay with', 'tips'],
        answer:
          'The deposit is paid by card through our secure link. The balance can be paid on the day by card, Zelle, Venmo, Cash App or cash. Tips for the chef are not included and always appreciated.',
      },
      {
        question: 'How does the deposit work?',
        keywords: ['deposit'],
        answer: 'A $100 deposit holds your date and counts towards your total; the balance is due on the day of the party.',
      },
      {
        question: 'What is your cancellation policy?',
        keywords: ['cancellation policy', 'cancel policy', 'refund', 'reschedule fee'],
        answer:
          'Cancel or move your party at least 7 days ahead and your deposit is refunded or carried over to the new date; within 7 days the deposit is kept. Moving a date because of rain is always free.',
      },
      {
        question: 'Do you travel to us?',
        keywords: ['travel', 'service area', 'how far', 'come out to', 'do you go'],
        answer:
          "We come to you: travel is free within 30 miles of Fremont, then $2 per mile, up to 100 miles. Farther out, call us at (510) 555-0100 and we'll see what we can do.",
      },
      {
        question: 'How long does a party last?',
        keywords: ['how long', 'how many hours', 'duration'],
        answer: 'The chef arrives 30 minutes early to set up; cooking and the show take about 90 minutes for up to 20 guests, a little longer for bigger parties. One chef cooks for up to about 40 guests.',
      },
      {
        question: 'Can you handle allergies?',
        keywords: ['allergy', 'allergies', 'allergic'],
        answer:
          'Tell us about any allergy when you book: we can cook allergy orders first on a cleaned grill and leave out ingredients, and our team confirms the details with you.',
      },
    ],
  }
}
