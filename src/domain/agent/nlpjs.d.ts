/** The parts of NLP.js the agent uses; the packages ship no type declarations. */
declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stemWord(word: string): string
  }
  export class TokenizerEn {
    tokenize(text: string, normalize?: boolean): string[]
  }
}
