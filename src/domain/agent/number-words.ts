/** Guest counts arrive as digits or words ("twenty-five", "a dozen"); this reads both. */
const units: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
}
const tens: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
}

/** A regular-expression fragment matching a count written in digits or words. */
export const countPattern = [
  '\\d\\s?dozen',
  '\\d{1,4}',
  `(?:${Object.keys(tens).join('|')})(?:[-\\s](?:${Object.keys(units).filter((word) => units[word]! < 10 && word !== 'a' && word !== 'an').join('|')}))?`,
  'half\\s+a\\s+dozen',
  '(?:a|one|two|three|four|five)?\\s?dozen',
  'a\\s+hundred|one\\s+hundred',
  Object.keys(units)
    .filter((word) => word !== 'a' && word !== 'an')
    .join('|'),
].join('|')

/** Reads a count matched by `countPattern`; null if it is not one. */
export function parseCount(text: string): number | null {
  const words = text.toLowerCase().trim().replace(/-/g, ' ').replace(/^(\d)(dozen)$/, '$1 $2').split(/\s+/)
  if (words.length === 1 && /^\d+$/.test(words[0]!)) return Number(words[0])
  if (words.join(' ') === 'half a dozen') return 6
  const dozen = words.indexOf('dozen')
  if (dozen >= 0) {
    const multiplier = dozen === 0 ? 1 : /^\d$/.test(words[0]!) ? Number(words[0]) : (units[words[0]!] ?? null)
    return multiplier === null ? null : multiplier * 12
  }
  if (words.at(-1) === 'hundred') return 100
  let total = 0
  for (const word of words) {
    const value = tens[word] ?? units[word]
    if (value === undefined) return null
    total += value
  }
  return total
}
