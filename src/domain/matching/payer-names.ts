/**
 * Who sent the money, as far as a bank line tells. Plaid's `payment_meta` (payer, by order of),
 * person counterparties and `merchant_name` come first; then the description, read the way each
 * bank writes it: Zelle / Venmo / Cash App / PayPal / Apple Cash lines, ACH entries in their
 * key-value forms (`ORIG CO NAME:`, `… DES:… ID:… INDN:…`), wires (`B/O:`, `ORG=`, `ORIG:`) and
 * the plain "… from NAME …" most banks and credit unions use. A line that names nobody (a mobile
 * check deposit, a cash-out) gives no payer; the receiving account's holder (`INDN:`, `IND NAME:`,
 * `BNF=`) is never taken for the payer.
 */
import type { PlaidTransactionInput } from './input'
import { descriptionsOf } from './payment-rail'

export { descriptionsOf, paymentRailNames, paymentRailOf, paymentRails, type PaymentRail } from './payment-rail'

export interface PayerName {
  name: string
  source: 'payment_meta' | 'counterparty' | 'merchant_name' | 'description'
}

/** Words that name a service, a bank, an account or a bank line's furniture — never a person. */
const furnitureWords = new Set(
  [
    // payment services and processors
    'zelle', 'zel', 'venmo', 'cash', 'app', 'cashapp', 'square', 'sq', 'paypal', 'pypl', 'apple', 'stripe', 'quickpay', 'qp',
    'popmoney', 'intuit', 'qbo', 'quickbooks', 'plaid', 'dwolla', 'wise', 'remitly', 'xoom',
    // what happened
    'payment', 'payments', 'pmt', 'pymt', 'pay', 'paid', 'transfer', 'transfers', 'trans', 'trnsfr', 'xfer', 'xfr', 'tfr', 'deposit',
    'deposits', 'dep', 'credit', 'cr', 'crdt', 'received', 'rcvd', 'recd', 'receive', 'money', 'sent', 'send', 'instant', 'inst',
    'standard', 'request', 'incoming', 'inbound', 'in', 'p2p', 'person', 'mobile', 'online', 'web', 'internet', 'electronic',
    'elec', 'ach', 'wire', 'wt', 'fedwire', 'direct', 'ext', 'external', 'domestic', 'book', 'misc', 'other', 'funds', 'fund',
    'from', 'frm', 'fr', 'to', 'by', 'via', 'out', 'cashout', 'on', 'at', 'of', 'for', 'memo', 'note', 'ref', 'reference', 'conf', 'confirmation',
    'id', 'trace', 'trn', 'seq', 'ppd', 'ccd', 'tel', 'ctx', 'iat', 'cor', 'des', 'indn', 'co', 'business', 'personal',
    'checking', 'chk', 'savings', 'sav', 'share', 'account', 'acct', 'acc', 'bank', 'banking', 'check', 'cheque',
    'visa', 'mastercard', 'debit', 'card', 'pos', 'purchase', 'refund', 'return', 'reversal', 'adjustment', 'usa', 'us', 'na',
    'inc', 'llc', 'corp', 'transaction', 'txn', 'pending', 'posted', 'settlement', 'batch',
  ],
)

/** Banks and their short forms: "REGIONS BANK DES:ZELLE" names the sender's bank, not the sender. */
const bankWords = new Set([
  'chase', 'jpmorgan', 'jpm', 'wells', 'fargo', 'wf', 'wfb', 'bofa', 'bkofamerica', 'boa', 'citi', 'citibank', 'pnc', 'truist',
  'usaa', 'regions', 'td', 'capital', 'one', 'navy', 'federal', 'fcu', 'cu', 'union', 'huntington', 'fifth', 'third',
  'ally', 'chime', 'sofi', 'discover', 'schwab', 'fidelity', 'mufg', 'keybank', 'key', 'citizens', 'santander', 'hsbc', 'bmo',
  'harris', 'comerica', 'zions', 'frost', 'hanmi', 'first', 'republic', 'natl', 'national', 'trust', 'america', 'of',
])

/** A name ends where a bank line's furniture begins. */
const afterNamePattern = new RegExp(
  [
    String.raw`\s+on\s+\d`,
    String.raw`\s+(?:conf(?:irmation)?|ref(?:erence)?|trace|trn|seq|memo|note|txn|transaction)\b`,
    String.raw`\s+(?:id|ppd|ccd|web|tel|des|indn|srf|rfb|obi|bbi|imad|omad|snd|bnf|pmt\s+det)\s*[:#=]`,
    String.raw`\s+(?:ppd|ccd|web|tel|iat)\s*$`,
    String.raw`\s+(?:ppd|ccd)\b`,
    String.raw`\s+(?:for|re|via)\s+`,
    String.raw`\s+x{2,}`,
    String.raw`\s+\.{2,}`,
    String.raw`\s+-\s+`,
    String.raw`[;#*|:"“”()\[\]<>/=]`,
    String.raw`\s+\S*\d`,
  ].join('|'),
  'i',
)

const usStates = new Set(
  'al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc'.split(' '),
)

/** The words of a candidate name, lower case, with any trailing state code dropped. */
function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,&.]+/)
    .map((word) => word.replace(/^['-]+|['-]+$/g, ''))
    .filter((word) => word !== '')
}

/**
 * A plausible payer name out of the text that follows a marker ("from", "B/O:", "*"): up to the
 * first piece of furniture, without reference numbers, masked accounts or a trailing state.
 * Null when what is left is not a name.
 */
export function cleanPayerName(raw: string): string | null {
  // "Tomás" and "Tomas" are one name; bank lines drop accents anyway.
  let text = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim()
  // An e-mail address or phone number is how Zelle names a sender it has no name for.
  if (/^[\w.+-]+@[\w-]+\.[\w.]+/.test(text)) return null
  text = (text.split(afterNamePattern)[0] ?? '').trim()
  text = text.replace(/[^A-Za-z\s,'&.-]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^[,.&'\s-]+|[,.&'\s-]+$/g, '')
  let words = wordsOf(text)
  // Trailing "… SAN JOSE CA" style locations are cut by the state code when one is there.
  const stateAt = words.findIndex((word, index) => index >= 2 && usStates.has(word) && index === words.length - 1)
  if (stateAt > 0) {
    words = words.slice(0, stateAt)
    text = text.split(/\s+/).slice(0, words.length).join(' ')
  }
  // Leading and trailing furniture ("PAYMENT JOHN SMITH", "JOHN SMITH PMT") is not part of the name.
  const tokens = text.split(/\s+/)
  while (tokens.length > 0 && isFurniture(tokens[0]!)) tokens.shift()
  while (tokens.length > 0 && isFurniture(tokens.at(-1)!)) tokens.pop()
  const name = tokens.join(' ').replace(/[,.]+$/, '')
  words = wordsOf(name)
  if (words.length === 0 || words.length > 6) return null
  if (words.some((word) => neverInNames.has(word))) return null
  if (words.every((word) => bankWords.has(word) || furnitureWords.has(word))) return null
  if (words.some((word) => /^x+$/.test(word) && word.length > 1)) return null
  if (!words.some((word) => word.length >= 2 && /[aeiouy]/.test(word))) return null
  return name
}

/** Furniture no person or business is named after: a candidate holding one is not a name. */
const neverInNames = new Set([
  'zelle', 'venmo', 'cashapp', 'paypal', 'pypl', 'quickpay', 'transfer', 'xfer', 'trnsfr', 'payment', 'pmt', 'pymt', 'deposit',
  'dep', 'ach', 'ppd', 'ccd', 'checking', 'chk', 'savings', 'acct', 'account', 'conf', 'confirmation', 'ref', 'memo', 'received',
  'rcvd', 'incoming', 'electronic', 'cashout', 'refund', 'reversal', 'purchase', 'debit', 'pos', 'visa', 'indn', 'des',
])

function isFurniture(token: string): boolean {
  const word = token.toLowerCase().replace(/[^a-z0-9]/g, '')
  return word === '' || (furnitureWords.has(word) && !['a', 'n', 'in', 'co', 'inc', 'llc', 'corp'].includes(word)) || /\d/.test(word)
}

/** One way banks write who sent the money: the text after `marker` up to where the name ends. */
interface DescriptorShape {
  pattern: RegExp
  /** When the captured name must not be a bank or service (e.g. the text before `DES:`). */
  isOriginator?: boolean
}

const descriptorShapes: readonly DescriptorShape[] = [
  // Chase ACH: "ORIG CO NAME:JOHN SMITH ORIG ID:… CO ENTRY DESCR:… IND NAME:HIBACHI CO"
  { pattern: /\borig(?:inator)?\s+co(?:mpany)?\s+name\s*:\s*(.+?)(?=\s+orig\s+id\b|\s+desc\s+date\b|\s+co\s+entry\b|\s+sec\s*:|\s+trace\b|\s+eed\b|\s+ind\s+id\b|\s+ind\s+name\b|$)/i },
  // Chase wire: "FEDWIRE CREDIT VIA: BANK/026009593 B/O: JOHN SMITH SAN JOSE CA 95123 REF: …"
  { pattern: /\bb\/o\s*:\s*(.+?)(?=\s+ref\s*:|\s+\d{5}|\s+imad\b|$)/i },
  // Wells Fargo wire: "WT FED#01234 JPMORGAN CHASE BA /ORG=JOHN SMITH SRF# …"
  { pattern: /\borg\s*=\s*(?:\d\/)?(.+?)(?=\s+srf\b|\s+trn\b|\s+rfb\b|\s+obi\b|\s+bbi\b|\s+\/|$)/i },
  // Bank of America wire: "WIRE TYPE:WIRE IN … ORIG:1/JOHN SMITH ID:123 SND BK:…"
  { pattern: /\borig\s*:\s*(?:\d\/)?(.+?)(?=\s+id\s*:|\s+snd\b|\s+pmt\s+det\b|\s+obi\b|$)/i },
  // Generic wire and ACH labels: "ORIGINATOR: JOHN SMITH", "SENDER: JOHN SMITH", "BY ORDER OF JOHN SMITH"
  { pattern: /\b(?:originator(?:\s+name)?|sender(?:\s+name)?|remitter|by\s+order\s+of|payor|payer)\s*[:=]?\s+(.+)$/i },
  // Bank of America ACH from another bank's Zelle: "REGIONS BANK DES:ZELLE ID:JOHN P DOE INDN:OWNER CO ID:…"
  { pattern: /\bdes\s*:\s*zelle\w*\s+id\s*:\s*(.+?)(?=\s+indn\s*:|\s+co\s+id\b|$)/i },
  // "Zelle payment from NAME …", "ZELLE FROM NAME ON 11/20", "Online Transfer from NAME", "Money received from NAME"
  { pattern: /\b(?:from|frm|fr)\b\s*:?\s+(.+)$/i },
  // Bank of America Zelle: "Zelle Transfer Conf# ab12cd; NAME"
  { pattern: /;\s*([A-Za-z][A-Za-z\s,'.&-]+)$/ },
  // Service then separator then name: "CASH APP*NAME*CITY", "VENMO *NAME", "ZEL*NAME", "PAYPAL *NAME", "APPLE CASH/NAME"
  { pattern: /\b(?:cash\s*app|cashapp|square\s*cash|sq\s*\*\s*cash|venmo|paypal|apple\s*cash|zelle|zel)\s*[*/]\s*([^*/]+)/i },
  // Statement wording of the apps themselves: "NAME paid you", "NAME sent you $50"
  { pattern: /^(.+?)\s+(?:paid\s+you|sent\s+you|sent\s+money)\b/i },
  // Bank of America ACH: "JOHN SMITH DES:TRANSFER ID:… INDN:OWNER CO ID:… PPD" (originator first)
  { pattern: /^(.+?)\s+des\s*:/i, isOriginator: true },
]

/** Lines that carry a name without a marker: "ZELLE CR JOHN SMITH", "VENMO PAYMENT 1023 JOHN SMITH". */
const bareNameRails =
  /\b(?:zelle|zel|venmo|cash\s*app|cashapp|square\s*cash|paypal|apple\s*cash|quickpay|popmoney|ach\s+(?:credit|deposit|cr|dep)|direct\s+dep(?:osit)?|electronic\s+(?:deposit|credit|dep)|ext(?:ernal)?\s+(?:deposit|credit|transfer|trnsfr)|incoming\s+(?:wire|ach|transfer)|wire\s+(?:in|credit|transfer\s+in))\b/i

/** What is left of a line once every word of bank furniture and every reference is taken out. */
function bareName(text: string): string | null {
  if (!bareNameRails.test(text)) return null
  // Own-account and cash-out lines name no payer however they are worded.
  if (/\bcash\s*-?\s*out\b|\bcashout\b|\bbank\s+xfer\b|\btransfer\s+(?:to|from)\s+(?:chk|checking|sav|savings|share|acct|account)\b/i.test(text)) return null
  const tokens = text
    .replace(/[*/|;:#=,"()]/g, ' ')
    .split(/\s+/)
    .filter((token) => token !== '')
  const kept: string[] = []
  let best: string[] = []
  for (const token of tokens) {
    const word = token.toLowerCase().replace(/[^a-z'-]/g, '')
    const isName = /^[A-Za-z][A-Za-z'.-]*$/.test(token) && !furnitureWords.has(word) && !bankWords.has(word) && !usStates.has(word)
    if (isName) kept.push(token)
    else {
      if (kept.length > best.length) best = [...kept]
      kept.length = 0
    }
  }
  if (kept.length > best.length) best = [...kept]
  if (best.length < 2 || best.length > 5) return null
  return cleanPayerName(best.join(' '))
}

/** Where a line names the receiving account's holder (the business itself), never the payer. */
const receiverPattern = /\b(?:indn|ind\s+name|bnf|beneficiary|payee)\s*[:=]\s*.*?(?=\s+(?:co\s+id|id|trn|ref|rfb|obi|imad|sec|trace|eed)\s*[:#=]|\s+(?:ppd|ccd|web)\s*$|$)/gi

function namesInDescription(line: string): string[] {
  const text = line
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(receiverPattern, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const found: string[] = []
  for (const shape of descriptorShapes) {
    const match = shape.pattern.exec(text)
    if (!match?.[1]) continue
    const name = cleanPayerName(match[1])
    if (!name) continue
    if (shape.isOriginator && wordsOf(name).some((word) => bankWords.has(word) || furnitureWords.has(word))) continue
    found.push(name)
  }
  if (found.length === 0) {
    const bare = bareName(text)
    if (bare) found.push(bare)
  }
  return found
}

/** Counterparty types that are the payment service or a bank, never the person who paid. */
const serviceCounterpartyTypes = new Set(['financial_institution', 'payment_app', 'payment_terminal', 'marketplace'])

/** Every plausible payer name, without duplicates, strongest source first. */
export function extractPayerNames(transaction: PlaidTransactionInput): PayerName[] {
  const names: PayerName[] = []
  const seen = new Set<string>()
  const add = (raw: string | null | undefined, source: PayerName['source']) => {
    if (!raw) return
    const name = cleanPayerName(raw)
    if (!name) return
    const key = name.toLowerCase().replace(/[^a-z]/g, '')
    if (seen.has(key)) return
    seen.add(key)
    names.push({ name, source })
  }

  add(transaction.payment_meta?.payer, 'payment_meta')
  add(transaction.payment_meta?.by_order_of, 'payment_meta')
  for (const party of transaction.counterparties ?? []) {
    if (!serviceCounterpartyTypes.has(party.type ?? '')) add(party.name, 'counterparty')
  }
  for (const text of descriptionsOf(transaction)) {
    for (const name of namesInDescription(text)) add(name, 'description')
  }
  // Plaid sets merchant_name to the person for some P2P lines; to the app or a shop for others.
  if (names.length === 0) add(transaction.merchant_name, 'merchant_name')
  return names
}
