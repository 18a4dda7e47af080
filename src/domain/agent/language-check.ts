/**
 * Whether a message is in a language the agent can answer (English). tinyld guesses the language
 * from letter patterns; short English texts full of shorthand ("wat r ur prices") can look like
 * Dutch to it, so a message also counts as English when most of its words are English words we
 * know. A message in another script (Chinese, Korean, Arabic…) is never English.
 */
import { detectAll } from 'tinyld'

export interface LanguageCheck {
  supported: boolean
  /** ISO 639-1 code of the language guessed for an unsupported message, or null. */
  language: string | null
}

const languageNames: Readonly<Record<string, string>> = {
  es: 'Spanish', fr: 'French', pt: 'Portuguese', vi: 'Vietnamese', zh: 'Chinese', ko: 'Korean', ja: 'Japanese',
  tl: 'Tagalog', de: 'German', it: 'Italian', ru: 'Russian', ar: 'Arabic', hi: 'Hindi', pa: 'Punjabi', fa: 'Persian',
  uk: 'Ukrainian', pl: 'Polish', nl: 'Dutch', th: 'Thai', id: 'Indonesian', tr: 'Turkish', he: 'Hebrew',
}

/** The language's English name, or its code when we have no name for it. */
export function languageName(code: string): string {
  return languageNames[code] ?? code
}

/** Function words that occur in almost every English sentence, and not in the neighbours' languages. */
const englishFunctionWords = new Set(
  'i me my we our us you your he she it they them the a an and or but to of for in on at with from by is are was were be been am do does did have has had can could would will should may might how what when where who which why this that these those there here not no yes please thanks thank hi hello hey much many some any if so just also too about'.split(' '),
)

const nonLatinLetters = /[\u0400-\u04FF\u0590-\u06FF\u0900-\u0DFF\u0E00-\u0E7F\u1100-\u11FF\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]/u

/**
 * `knownWords` are English words beyond the function words (the agent's vocabulary), so a text of
 * only domain words and shorthand ("veggie options?") still counts as English.
 */
export function checkLanguage(text: string, words: readonly string[], knownWords: ReadonlySet<string>, written: WrittenWords | null = null): LanguageCheck {
  const letters = text.replace(/[^\p{L}]/gu, '')
  if (letters.length === 0) return { supported: true, language: null }
  const foreignScript = [...letters].filter((letter) => nonLatinLetters.test(letter)).length
  if (foreignScript / letters.length > 0.3) return { supported: false, language: detectAll(text)[0]?.lang ?? null }
  const alphabetic = words.filter((word) => /[a-z]/.test(word))
  if (alphabetic.length < 3) return { supported: true, language: null }
  const english = alphabetic.filter((word) => englishFunctionWords.has(word) || knownWords.has(word)).length
  if (english / alphabetic.length >= 0.6) {
    if (written === null || writtenShare(written, knownWords) >= 0.6) return { supported: true, language: null }
    // English only after spelling correction ("opciones vegetarianas" → "options vegetarian"):
    // believe it unless the letters say another language and not English at all.
    const top = detectAll(text).slice(0, 3)
    if (top.length === 0 || top.some((guess) => guess.lang === 'en')) return { supported: true, language: null }
    return { supported: false, language: top[0]!.lang }
  }
  const [guess] = detectAll(text)
  if (guess === undefined || guess.lang === 'en') return { supported: true, language: null }
  // Few English words and a confident guess of another language: a person should answer.
  const hasFunctionWords = alphabetic.some((word) => englishFunctionWords.has(word))
  if (!hasFunctionWords || english / alphabetic.length < 0.35) return { supported: false, language: guess.lang }
  return { supported: true, language: null }
}

/** The words as written, before spelling correction, and which of them are texting shorthand. */
export interface WrittenWords {
  words: readonly string[]
  isShorthand: (word: string) => boolean
}

function writtenShare(written: WrittenWords, knownWords: ReadonlySet<string>): number {
  const alphabetic = written.words.filter((word) => /[a-z]/.test(word))
  if (alphabetic.length === 0) return 1
  const english = alphabetic.filter((word) => englishFunctionWords.has(word) || knownWords.has(word) || written.isShorthand(word)).length
  return english / alphabetic.length
}
