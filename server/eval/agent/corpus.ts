/**
 * The agent's labelled corpus (`corpus/*.jsonl`): messages written the way customers text, each
 * with the intent, the entities it states, whether a person must act now (`escalate`) and whether
 * staff should follow up (`followUp`). A `turns` entry is a thread; its last customer turn is the
 * one labelled. `topic`/`topics` name the question topics asked (`faq.<topic>` classifier labels).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AgentEntities, Channel, ConversationTurn, Intent } from '../../../src/domain/agent/agent-result'

export interface CorpusEntry {
  id: string
  /** The file it came from, without `.jsonl`. */
  file: string
  turns: ConversationTurn[]
  channel: Channel
  intent: Intent
  entities: Partial<AgentEntities>
  escalate: boolean
  followUp: boolean
  topics: string[]
  /** Set for messages in a language the agent does not answer. */
  language: string | null
  /** The state of the labelled place when it is not the business's own ("Reno, NV"). */
  state: string | null
}

/** The instant every corpus message is read at: Sunday 22 November 2026, 10:00 in Fremont. */
export const corpusNow = '2026-11-22T18:00:00.000Z'

export const corpusDir = fileURLToPath(new URL('./corpus/', import.meta.url))

interface RawEntry {
  id: string
  text?: string
  turns?: ConversationTurn[]
  channel?: Channel
  intent: Intent
  entities?: Partial<AgentEntities>
  escalate?: boolean
  followUp?: boolean
  topic?: string
  topics?: string[]
  language?: string
  state?: string
}

export function loadCorpus(dir = corpusDir): CorpusEntry[] {
  const entries: CorpusEntry[] = []
  const seen = new Set<string>()
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.jsonl')).sort()) {
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return
        let raw: RawEntry
        try {
          raw = JSON.parse(line) as RawEntry
        } catch (error) {
          throw new Error(`${name} line ${index + 1}: ${(error as Error).message}`)
        }
        if (seen.has(raw.id)) throw new Error(`${name} line ${index + 1}: duplicate id ${raw.id}`)
        seen.add(raw.id)
        const turns = raw.turns ?? [{ role: 'customer' as const, text: raw.text ?? '' }]
        if (turns.at(-1)?.role !== 'customer') throw new Error(`${name} line ${index + 1}: the last turn must be the customer's`)
        entries.push({
          id: raw.id,
          file: name.replace(/\.jsonl$/, ''),
          turns,
          channel: raw.channel ?? 'sms',
          intent: raw.intent,
          entities: raw.entities ?? {},
          escalate: raw.escalate ?? false,
          followUp: raw.followUp ?? false,
          topics: raw.topics ?? (raw.topic === undefined ? [] : [raw.topic]),
          language: raw.language ?? null,
          state: raw.state ?? null,
        })
      })
  }
  return entries
}

/** The classifier's label for an entry: its intent, with questions split by topic. */
export function classifierLabel(entry: CorpusEntry): string {
  if (entry.intent !== 'faq') return entry.intent
  return `faq.${entry.topics[0] ?? 'other'}`
}

/** Entries the classifier learns from: single messages in English that are not SMS keywords. */
export function isTrainingEntry(entry: CorpusEntry): boolean {
  return entry.turns.length === 1 && entry.language === null && entry.intent !== 'opt_out'
}
