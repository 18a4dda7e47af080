/**
 * The rules agent and a text sender shared by several relays' loops, counting what they did: how
 * many times the agent answered and every text sent. Used by tests only.
 */
import type { AgentBrain } from '../../../src/domain/agent/agent-brain'
import { agentBrainPerLocation, openAiConfigFromEnv } from '../../src/agent/create-brain'
import type { SmsToSend } from '../../src/providers/ringcentral/sms-sender'

export function countingAgent() {
  const sent: SmsToSend[] = []
  let answers = 0
  const rules = agentBrainPerLocation(openAiConfigFromEnv({}))
  const loadBrain = async (settings: Parameters<typeof rules>[0]): Promise<AgentBrain> => {
    const brain = await rules(settings)
    return { name: brain.name, respond: (input) => (answers++, brain.respond(input)) }
  }
  const sender = { send: async (sms: SmsToSend) => (sent.push(sms), { messageId: `msg_${sent.length}` }) }
  return { loadBrain, sender, sent, answers: () => answers }
}
