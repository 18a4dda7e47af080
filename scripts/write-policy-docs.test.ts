import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { policyDocuments, withPolicyTable } from './write-policy-docs'

describe('the documented write policy', () => {
  it.each(policyDocuments)('%s lists exactly the policy the relay enforces (npm run docs:policy updates it)', (name) => {
    const markdown = readFileSync(fileURLToPath(new URL(`../${name}`, import.meta.url)), 'utf8')
    expect(markdown).toBe(withPolicyTable(markdown))
  })
})
