/**
 * The menu words the agent recognises, in one place. Each item has a canonical name (what the
 * entities report) and the phrasings customers use. Longer phrases are matched first, so
 * "filet mignon" is not also reported as "steak" and "lobster upgrade" not also as "lobster".
 */
export interface MenuTerm {
  name: string
  phrases: readonly string[]
}

export const proteins: readonly MenuTerm[] = [
  { name: 'chicken', phrases: ['chicken'] },
  { name: 'steak', phrases: ['steak', 'ny strip', 'sirloin', 'ribeye', 'rib eye', 'beef'] },
  { name: 'filet mignon', phrases: ['filet mignon', 'filet', 'fillet mignon'] },
  { name: 'shrimp', phrases: ['shrimp', 'prawns', 'prawn'] },
  { name: 'salmon', phrases: ['salmon'] },
  { name: 'scallops', phrases: ['scallops', 'scallop'] },
  { name: 'lobster', phrases: ['lobster tail', 'lobster tails', 'lobster'] },
  { name: 'tofu', phrases: ['tofu'] },
]

export const addOns: readonly MenuTerm[] = [
  { name: 'gyoza', phrases: ['gyoza', 'potstickers', 'pot stickers', 'dumplings'] },
  { name: 'noodles', phrases: ['noodles', 'yakisoba', 'lo mein'] },
  { name: 'lobster upgrade', phrases: ['lobster upgrade', 'upgrade to lobster', 'add lobster', 'extra lobster'] },
  { name: 'edamame', phrases: ['edamame'] },
  { name: 'extra protein', phrases: ['extra protein', 'third protein', '3rd protein'] },
  { name: 'sake', phrases: ['sake'] },
]

interface MatchedTerm {
  name: string
  start: number
  end: number
}

/**
 * Finds every term mentioned in `text`, in order of first mention. `exclude` spans (already
 * claimed by another vocabulary) are skipped, so "lobster upgrade" is an add-on, not a protein.
 */
export function findMenuTerms(
  text: string,
  vocabulary: readonly MenuTerm[],
  exclude: readonly { start: number; end: number }[] = [],
): MatchedTerm[] {
  const lower = text.toLowerCase()
  const claimed = [...exclude]
  const candidates = vocabulary
    .flatMap((term) => term.phrases.map((phrase) => ({ name: term.name, phrase })))
    .sort((a, b) => b.phrase.length - a.phrase.length)
  const found: MatchedTerm[] = []
  for (const { name, phrase } of candidates) {
    const pattern = new RegExp(`\\b${escapeRegExp(phrase).replace(/ /g, '\\s+')}\\b`, 'g')
    for (const match of lower.matchAll(pattern)) {
      const span = { start: match.index, end: match.index + match[0].length }
      if (claimed.some((other) => span.start < other.end && other.start < span.end)) continue
      claimed.push(span)
      found.push({ name, ...span })
    }
  }
  found.sort((a, b) => a.start - b.start)
  return found
}

/** The distinct names, first mention first. */
export function distinctNames(matches: readonly MatchedTerm[]): string[] {
  return [...new Set(matches.map((match) => match.name))]
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
