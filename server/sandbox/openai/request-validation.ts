/**
 * What OpenAI's Chat Completions endpoint checks before a model sees the request, so the
 * simulator refuses what the real API refuses (400 `invalid_request_error`, with `param` naming the
 * offending part):
 *
 * - `tools`: at most 128 function tools, each `{type: "function", function: {name, parameters?}}`
 *   with a name of 1–64 letters, digits, `_` or `-`, and parameters that are a JSON Schema object;
 * - `tool_choice`: only with tools, and naming one of them;
 * - strict schemas (`strict: true` tools and `response_format: {type: "json_schema", json_schema:
 *   {strict: true}}`), per the Structured Outputs guide's "Supported schemas": an object at the
 *   root, `additionalProperties: false` and every property in `required` on every object, only the
 *   supported keywords and string formats, at most 10 levels of nesting and 5000 properties;
 * - `messages`: a `tool` message answers a preceding assistant `tool_calls` id, and every such id
 *   is answered before the next non-tool message.
 *
 * Error wording follows what the API answers; the reference is the openai-openapi description
 * (`CreateChatCompletionRequest`, `ChatCompletionTool`, `ResponseFormatJsonSchema`) and the guide.
 */

export interface RequestProblem {
  message: string
  param: string | null
  code: string | null
}

type Json = Record<string, unknown>

const namePattern = /^[a-zA-Z0-9_-]{1,64}$/
const maxTools = 128
const maxNesting = 10
const maxProperties = 5000

/** Keywords a strict schema may use (structured outputs guide, "Supported schemas"). */
const strictKeywords = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'enum', 'const', 'description', 'title',
  '$ref', '$defs', 'definitions', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minItems', 'maxItems', 'default',
])
const strictFormats = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid'])
const jsonTypes = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'])

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Problems with a strict schema, described with the path OpenAI prints (`context=(...)`). */
export function strictSchemaProblem(schema: unknown): string | null {
  if (!isObject(schema)) return "In context=(), schema must be a JSON Schema of 'type: \"object\"'."
  if (schema.type !== 'object' || schema.anyOf !== undefined) return "In context=(), schema must be a JSON Schema of 'type: \"object\"', got something else."
  let properties = 0
  const visit = (node: unknown, context: string[], depth: number): string | null => {
    const where = `In context=(${context.map((part) => `'${part}'`).join(', ')})`
    if (!isObject(node)) return `${where}, schema must be a JSON Schema object.`
    if (depth > maxNesting) return `${where}, the schema is nested more than ${maxNesting} levels deep.`
    for (const keyword of Object.keys(node)) {
      if (!strictKeywords.has(keyword)) return `${where}, '${keyword}' is not permitted.`
    }
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type]
    if (types.some((type) => typeof type !== 'string' || !jsonTypes.has(type))) return `${where}, schema has an invalid 'type'.`
    if (types.length === 0 && node.anyOf === undefined && node.$ref === undefined && node.enum === undefined && node.const === undefined) {
      return `${where}, schema must have a 'type' key.`
    }
    if (typeof node.format === 'string' && !strictFormats.has(node.format)) return `${where}, '${node.format}' is not a valid format.`
    if (types.includes('object')) {
      if (node.additionalProperties !== false) return `${where}, 'additionalProperties' is required to be supplied and to be false.`
      const props = isObject(node.properties) ? node.properties : {}
      const required = Array.isArray(node.required) ? node.required : null
      const missing = Object.keys(props).filter((name) => !required?.includes(name))
      if (required === null || missing.length > 0) {
        return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0] ?? ''}'.`
      }
      const extra = required.find((name) => typeof name !== 'string' || !(name in props))
      if (extra !== undefined) return `${where}, 'required' names '${String(extra)}', which is not in properties.`
      properties += Object.keys(props).length
      if (properties > maxProperties) return `${where}, the schema has more than ${maxProperties} properties.`
      for (const [name, child] of Object.entries(props)) {
        const problem = visit(child, [...context, 'properties', name], depth + 1)
        if (problem) return problem
      }
    }
    if (node.items !== undefined) {
      const problem = visit(node.items, [...context, 'items'], depth + 1)
      if (problem) return problem
    }
    if (node.anyOf !== undefined) {
      if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) return `${where}, 'anyOf' must be a non-empty array.`
      for (const [index, branch] of node.anyOf.entries()) {
        const problem = visit(branch, [...context, 'anyOf', String(index)], depth + 1)
        if (problem) return problem
      }
    }
    for (const definitions of [node.$defs, node.definitions]) {
      if (!isObject(definitions)) continue
      for (const [name, child] of Object.entries(definitions)) {
        const problem = visit(child, [...context, '$defs', name], depth + 1)
        if (problem) return problem
      }
    }
    return null
  }
  return visit(schema, [], 1)
}

export function chatRequestProblem(body: Json): RequestProblem | null {
  return toolsProblem(body) ?? responseFormatProblem(body) ?? messagesProblem(body)
}

function toolsProblem(body: Json): RequestProblem | null {
  const { tools, tool_choice: toolChoice } = body
  if (tools === undefined) {
    if (toolChoice !== undefined && toolChoice !== 'none') {
      return { message: "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", param: 'tool_choice', code: null }
    }
    return null
  }
  if (!Array.isArray(tools)) return { message: "Invalid type for 'tools': expected an array.", param: 'tools', code: 'invalid_type' }
  if (tools.length > maxTools) return { message: `Invalid 'tools': array too long. Expected an array with maximum length ${maxTools}, but got an array with length ${tools.length} instead.`, param: 'tools', code: 'array_above_max_length' }
  const names: string[] = []
  for (const [index, tool] of tools.entries()) {
    const param = `tools[${index}]`
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) {
      return { message: `Invalid value for '${param}': expected a function tool {"type": "function", "function": {...}}.`, param, code: 'invalid_value' }
    }
    const fn = tool.function
    if (typeof fn.name !== 'string' || !namePattern.test(fn.name)) {
      return { message: `Invalid '${param}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.`, param: `${param}.function.name`, code: 'invalid_value' }
    }
    names.push(fn.name)
    if (fn.parameters !== undefined && (!isObject(fn.parameters) || (fn.parameters.type !== undefined && fn.parameters.type !== 'object'))) {
      return { message: `Invalid schema for function '${fn.name}': schema must be a JSON Schema of 'type: "object"', got something else.`, param: `${param}.function.parameters`, code: 'invalid_function_parameters' }
    }
    if (fn.strict === true) {
      const problem = strictSchemaProblem(fn.parameters ?? {})
      if (problem) return { message: `Invalid schema for function '${fn.name}': ${problem}`, param: `${param}.function.parameters`, code: 'invalid_function_parameters' }
    }
  }
  if (toolChoice !== undefined && !['none', 'auto', 'required'].includes(toolChoice as string)) {
    const named = isObject(toolChoice) && toolChoice.type === 'function' && isObject(toolChoice.function) ? toolChoice.function.name : undefined
    if (typeof named !== 'string') return { message: "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a named function.", param: 'tool_choice', code: 'invalid_value' }
    if (!names.includes(named)) return { message: `Invalid value for 'tool_choice': no function named '${named}' was specified in the 'tools' parameter.`, param: 'tool_choice', code: null }
  }
  return null
}

function responseFormatProblem(body: Json): RequestProblem | null {
  const format = body.response_format
  if (format === undefined) return null
  if (!isObject(format) || !['text', 'json_object', 'json_schema'].includes(format.type as string)) {
    return { message: "Invalid value for 'response_format.type': expected 'text', 'json_object' or 'json_schema'.", param: 'response_format.type', code: 'invalid_value' }
  }
  if (format.type !== 'json_schema') return null
  const schema = format.json_schema
  if (!isObject(schema)) return { message: "Missing required parameter: 'response_format.json_schema'.", param: 'response_format.json_schema', code: 'missing_required_parameter' }
  if (typeof schema.name !== 'string' || !namePattern.test(schema.name)) {
    return { message: "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.", param: 'response_format.json_schema.name', code: 'invalid_value' }
  }
  if (schema.strict === true) {
    const problem = strictSchemaProblem(schema.schema)
    if (problem) return { message: `Invalid schema for response_format '${schema.name}': ${problem}`, param: 'response_format', code: null }
  }
  return null
}

function messagesProblem(body: Json): RequestProblem | null {
  const messages = body.messages as unknown[]
  let awaiting: string[] = []
  for (const [index, message] of messages.entries()) {
    if (!isObject(message) || !['system', 'developer', 'user', 'assistant', 'tool'].includes(message.role as string)) {
      return { message: `Invalid value for 'messages[${index}].role'.`, param: `messages.[${index}].role`, code: 'invalid_value' }
    }
    if (message.role === 'tool') {
      if (typeof message.tool_call_id !== 'string' || !awaiting.includes(message.tool_call_id)) {
        return { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", param: `messages.[${index}].role`, code: null }
      }
      awaiting = awaiting.filter((id) => id !== message.tool_call_id)
      continue
    }
    if (awaiting.length > 0) {
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${awaiting.join(', ')}`,
        param: `messages.[${index}].role`,
        code: null,
      }
    }
    if (message.role === 'assistant' && Array.isArray(message.tool_calls)) {
      awaiting = message.tool_calls.map((call) => (isObject(call) ? String(call.id) : ''))
    }
  }
  if (awaiting.length > 0) {
    return {
      message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${awaiting.join(', ')}`,
      param: 'messages',
      code: null,
    }
  }
  return null
}
