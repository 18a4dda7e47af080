/** Requests for a person beyond the owner's configured phrases. */
const humanRequestPatterns: readonly RegExp[] = [
  /\b(?:real|live|actual)\s+(?:person|human|agent|someone)\b/,
  /\b(?:speak|talk|chat)\s+(?:to|with)\s+(?:a\s+|the\s+|your\s+|an?\s+)?(?:human|person|someone|somebody|owner|staff|agent|chef|boss|supervisor)\b/,
  /\b(?:human|operator|supervisor)\s*(?:please|pls)?\s*[.!]?$/,
  /\b(?:have|can)\s+(?:someone|somebody)\s+call\s+me\b/,
  /\bcall\s+me\s+(?:back|please|asap)\b/,
  /\bare\s+you\s+a\s+(?:bot|robot|machine|real person)\b/,
]

/** The phrase that asks for a person, or null. `phrases` come from the business profile. */
export function findHumanRequest(text: string, phrases: readonly string[]): string | null {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ')
  for (const phrase of phrases) {
    const wanted = phrase.toLowerCase().trim()
    if (wanted.length === 0) continue
    if (new RegExp(`\\b${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}\\b`).test(lower)) {
      return phrase
    }
  }
  for (const pattern of humanRequestPatterns) {
    const match = pattern.exec(lower)
    if (match !== null) return match[0].trim()
  }
  return null
}

const complaintPatterns: readonly RegExp[] = [
  /\b(?:complain|complaint|unacceptable|terrible|horrible|awful|worst|disgusting|ridiculous|furious|upset|angry|disappointed|disappointing)\b/,
  /\b(?:food poisoning|got sick|made us sick|undercooked|raw chicken|cold food)\b/,
  /\b(?:never showed|no[- ]show|didn't show|did not show|showed up late|was late|were late|hours late)\b/,
  /\b(?:rude|unprofessional|overcharged|charged twice|double charged|want (?:a|my) refund|demand a refund|refund)\b/,
  /\b(?:not happy|very unhappy|ruined)\b/,
]

export function isComplaint(text: string): boolean {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'")
  return complaintPatterns.some((pattern) => pattern.test(lower))
}

/** Allergies are a safety question: a person answers them, never the rules. */
export function mentionsAllergy(text: string): boolean {
  return /\b(?:allerg(?:y|ies|ic)|anaphyla\w*|epipen|celiac|gluten|peanut|tree nut|shellfish allergy)\b/i.test(text)
}
