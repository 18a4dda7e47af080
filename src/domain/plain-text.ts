/**
 * Text from outside (a customer's SMS, a bank's descriptor) as the relay stores it: without NUL
 * characters, which no document may hold (PostgreSQL's text and JSON types cannot), so one odd
 * byte never stops a message or a bank line from being stored.
 */
export function withoutNulCharacters(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text
}
