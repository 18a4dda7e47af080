/** Validates what Plaid Link's page sends (main only: the check compiles code, which pages may not). */
import { Compile } from 'typebox/compile'
import { LinkPageResult } from '../../shared/plaid-link-contract'

const resultValidator = Compile(LinkPageResult)

export function isLinkPageResult(value: unknown): value is LinkPageResult {
  return resultValidator.Check(value)
}
