/**
 * A small thesaurus of what customers talk about to a caterer: words (and short phrases) grouped
 * by the idea they express. The classifier gets each idea present as a feature (`#concept:price`)
 * besides the words themselves, so a synonym it has rarely seen ("ballpark", "damage", "run")
 * still counts as the idea it has seen often ("price"). Which idea means which intent is learnt
 * from the corpus, not written here.
 */
const concepts: Readonly<Record<string, readonly string[]>> = {
  price: ['price', 'prices', 'pricing', 'cost', 'costs', 'how much', 'quote', 'estimate', 'ballpark', 'budget', 'expensive', 'cheap', 'cheaper', 'afford', 'affordable', 'rate', 'rates', 'total', 'per person', 'per head', 'per guest', 'per plate', 'dollars', 'bucks', 'damage', 'run us', 'it run', 'that run', 'charge', 'charges'],
  fee: ['fee', 'fees', 'extra', 'additional', 'surcharge', 'gratuity', 'tip', 'included', 'include', 'includes', 'part of'],
  book: ['book', 'booking', 'reserve', 'reservation', 'hire', 'hiring', 'lock in', 'lock it', 'secure', 'sign us up', 'sign me up', 'get on', 'put us down', 'have you', 'get you', 'set up a party', 'schedule a'],
  availability: ['available', 'availability', 'open', 'opening', 'openings', 'free on', 'booked up', 'fully booked', 'slot', 'slots', 'spots', 'calendar', 'what dates', 'which dates', 'next available', 'still have', 'squeeze', 'fit us in', 'work for you', 'does that work'],
  change: ['reschedule', 'postpone', 'move', 'switch', 'change', 'push', 'bump', 'instead', 'rather than', 'different date', 'another date', 'new date', 'later time', 'earlier'],
  cancel: ['cancel', 'cancelling', 'canceling', 'cancellation', 'call off', 'calling off', 'back out', 'not happening', 'no longer', "won't be needing", 'not go ahead'],
  payment: ['paid', 'payment', 'invoice', 'receipt', 'balance', 'owe', 'sent the', 'deposit link', 'refund', 'charged'],
  payMethod: ['venmo', 'zelle', 'cash', 'card', 'cards', 'credit', 'debit', 'paypal', 'apple pay', 'check', 'cheque', 'pay with', 'pay by', 'accept'],
  deposit: ['deposit', 'money down', 'down payment', 'retainer', 'upfront', 'hold the date', 'hold my date', 'hold our date'],
  policy: ['policy', 'policies', 'penalty', 'notice', 'lose', 'refundable', 'non-refundable', 'what happens if', 'in case'],
  weather: ['rain', 'raining', 'rains', 'storm', 'stormy', 'weather', 'forecast', 'showers', 'wet', 'wind', 'windy', 'tent', 'canopy', 'cover', 'covered'],
  space: ['space', 'room', 'backyard', 'yard', 'patio', 'deck', 'balcony', 'garage', 'driveway', 'fit', 'size', 'feet', 'ft', 'small', 'big', 'indoors', 'inside', 'apartment', 'flat surface'],
  setup: ['setup', 'set up', 'set-up', 'bring', 'provide', 'supply', 'equipment', 'tables', 'chairs', 'plates', 'utensils', 'chopsticks', 'propane', 'gas', 'outlet', 'clean up', 'cleanup', 'clean', 'need to have', 'responsible'],
  grill: ['grill', 'grills', 'griddle', 'flat top', 'teppanyaki'],
  food: ['menu', 'protein', 'proteins', 'chicken', 'steak', 'shrimp', 'salmon', 'scallops', 'lobster', 'filet', 'rice', 'fried rice', 'noodles', 'sauce', 'sauces', 'appetizer', 'appetizers', 'dessert', 'drinks', 'salad', 'soup', 'gyoza', 'edamame', 'veggies', 'vegetables', 'eat', 'food', 'serve'],
  vegetarian: ['vegetarian', 'vegetarians', 'vegan', 'tofu', 'meatless', 'no meat', "doesn't eat meat", "don't eat meat", 'plant based', 'plant-based', 'veggie'],
  travel: ['travel', 'drive', 'come out', 'come to', 'how far', 'distance', 'miles', 'service area', 'areas', 'cover', 'county', 'go to', 'out to'],
  duration: ['how long', 'hours', 'hour', 'last', 'stay', 'length', 'minutes'],
  kids: ['kids', 'kid', 'children', 'child', 'toddler', 'toddlers', 'baby', 'babies', 'age', 'ages', 'under'],
  event: ['party', 'birthday', 'anniversary', 'wedding', 'graduation', 'retirement', 'celebration', 'dinner', 'event', 'bachelor', 'bachelorette', 'reunion', 'shower'],
  thanks: ['thanks', 'thank you', 'appreciate', 'great', 'awesome', 'amazing', 'perfect', 'wonderful', 'loved', 'fantastic', 'sounds good', 'see you', 'talk soon', "can't wait"],
  unhappy: ['disappointed', 'disappointing', 'unhappy', 'upset', 'letdown', 'let down', 'rude', 'late', 'cold', 'undercooked', 'overcooked', 'burnt', 'mess', 'sick', 'unacceptable', 'terrible', 'awful', 'worst', 'complain', 'complaint', 'no answer', 'still waiting'],
  job: ['hiring', 'job', 'jobs', 'resume', 'experience', 'vendor', 'partner', 'supplies', 'sponsor', 'feature you', 'blogger', 'collaborate'],
}

const conceptPatterns: readonly [string, RegExp][] = Object.entries(concepts).map(([name, phrases]) => [
  name,
  new RegExp(`(?:^|[^a-z'])(?:${phrases.map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|')})(?![a-z])`),
])

/** The ideas a lower-case, normalised message expresses. */
export function conceptsIn(lowerText: string): string[] {
  return conceptPatterns.filter(([, pattern]) => pattern.test(lowerText)).map(([name]) => name)
}
