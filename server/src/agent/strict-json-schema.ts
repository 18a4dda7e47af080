/**
 * OpenAI's structured-output strict mode accepts a subset of JSON Schema: every object lists all
 * of its properties in `required` and sets `additionalProperties: false`, and some keywords
 * (string lengths among them) are rejected. TypeBox schemas are plain JSON Schema, so this turns
 * one into a strict-mode schema. Whatever is dropped here is still enforced afterwards, when the
 * answer is validated against the original TypeBox schema.
 */
type JsonSchema = { [keyword: string]: unknown }

/** Keywords strict mode accepts (OpenAI structured outputs guide, "Supported schemas"). */
const supportedKeywords = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'const',
  'description',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
])

export function toStrictJsonSchema(schema: object): JsonSchema {
  const source = schema as JsonSchema
  const strict: JsonSchema = {}
  for (const [keyword, value] of Object.entries(source)) {
    if (supportedKeywords.has(keyword)) strict[keyword] = value
  }
  if (Array.isArray(source.enum) && source.type === undefined) {
    // Strict mode wants a type beside every enum; ours are all strings.
    const types = new Set(source.enum.map((value) => (value === null ? 'null' : typeof value)))
    if (types.size === 1) strict.type = [...types][0]
  }
  if (Array.isArray(source.anyOf)) strict.anyOf = source.anyOf.map((branch) => toStrictJsonSchema(branch as object))
  if (source.items !== undefined && typeof source.items === 'object') strict.items = toStrictJsonSchema(source.items as object)
  if (source.type === 'object' && source.properties !== undefined) {
    const properties = source.properties as Record<string, object>
    const required = new Set((source.required as string[] | undefined) ?? [])
    const strictProperties: Record<string, JsonSchema> = {}
    for (const [name, property] of Object.entries(properties)) {
      const converted = toStrictJsonSchema(property)
      // An optional property becomes required-but-nullable: strict mode has no optional fields.
      strictProperties[name] = required.has(name) ? converted : { anyOf: [converted, { type: 'null' }] }
    }
    strict.properties = strictProperties
    strict.required = Object.keys(properties)
    strict.additionalProperties = false
  }
  return strict
}
