/** The parts of NLP.js the agent uses; the packages ship no type declarations. */
declare module '@nlpjs/neural' {
  export interface NeuralNetworkJson {
    settings: Record<string, unknown>
    features: string[]
    intents: string[]
    perceptrons: number[][]
  }
  export class NeuralNetwork {
    constructor(settings?: { iterations?: number; errorThresh?: number; deltaErrorThresh?: number; learningRate?: number; momentum?: number; alpha?: number; log?: boolean })
    train(corpus: { input: Record<string, number>; output: Record<string, number> }[]): { error: number; iterations: number }
    run(input: Record<string, number>): Record<string, number> | undefined
    toJSON(): NeuralNetworkJson
    fromJSON(json: NeuralNetworkJson): void
  }
}

declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stemWord(word: string): string
  }
  export class TokenizerEn {
    tokenize(text: string, normalize?: boolean): string[]
  }
}
