import { bsonEquals, bsonTypeMatches, bsonTypeName, isNumeric, toNumber } from './bson-order';

type Doc = Record<string, unknown>;

/** One unsatisfied rule, shaped like mongod's `errInfo.details.schemaRulesNotSatisfied` entries. */
export type SchemaFailure = Doc;

// JSON Schema `type` names and the BSON types they cover ($jsonSchema accepts both keywords).
const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
  object: (v) => bsonTypeMatches(v, 'object'),
  array: Array.isArray,
  number: isNumeric,
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  null: (v) => v === null,
};

function typeMatches(v: unknown, spec: unknown, bson: boolean): boolean {
  const names = Array.isArray(spec) ? spec : [spec];
  return names.some((n) => (bson ? bsonTypeMatches(v, n) : (JSON_TYPES[String(n)]?.(v) ?? false)));
}

/**
 * Checks a document against a `$jsonSchema` (the subset mongod documents: bsonType, type,
 * required, properties, additionalProperties, patternProperties excluded, enum, minimum/maximum
 * with exclusive forms, minLength/maxLength, pattern, items, minItems/maxItems, uniqueItems,
 * minProperties/maxProperties, allOf/anyOf/oneOf/not). Returns the rules it breaks (empty: valid).
 */
export function jsonSchemaFailures(schema: Doc, value: unknown): SchemaFailure[] {
  const out: SchemaFailure[] = [];
  const fail = (operatorName: string, extra: Doc): void => {
    out.push({ operatorName, specifiedAs: { [operatorName]: schema[operatorName] }, ...extra });
  };
  if (schema.bsonType !== undefined && !typeMatches(value, schema.bsonType, true)) {
    fail('bsonType', {
      reason: 'type did not match',
      consideredValue: value,
      consideredType: bsonTypeName(value),
    });
    return out;
  }
  if (schema.type !== undefined && !typeMatches(value, schema.type, false)) {
    fail('type', {
      reason: 'type did not match',
      consideredValue: value,
      consideredType: bsonTypeName(value),
    });
    return out;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => bsonEquals(e, value))) {
    fail('enum', { reason: 'value was not found in enum', consideredValue: value });
  }
  if (isNumeric(value)) {
    const n = toNumber(value);
    const min = schema.minimum === undefined ? undefined : toNumber(schema.minimum);
    const max = schema.maximum === undefined ? undefined : toNumber(schema.maximum);
    if (min !== undefined && (schema.exclusiveMinimum === true ? n <= min : n < min)) {
      fail('minimum', { reason: 'comparison failed', consideredValue: value });
    }
    if (max !== undefined && (schema.exclusiveMaximum === true ? n >= max : n > max)) {
      fail('maximum', { reason: 'comparison failed', consideredValue: value });
    }
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (schema.minLength !== undefined && len < toNumber(schema.minLength)) {
      fail('minLength', { reason: 'specified string length was not satisfied', consideredValue: value });
    }
    if (schema.maxLength !== undefined && len > toNumber(schema.maxLength)) {
      fail('maxLength', { reason: 'specified string length was not satisfied', consideredValue: value });
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      fail('pattern', { reason: 'regular expression did not match', consideredValue: value });
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < toNumber(schema.minItems)) {
      fail('minItems', { reason: 'array did not match specified length', consideredValue: value });
    }
    if (schema.maxItems !== undefined && value.length > toNumber(schema.maxItems)) {
      fail('maxItems', { reason: 'array did not match specified length', consideredValue: value });
    }
    if (schema.uniqueItems === true && value.some((v, i) => value.findIndex((w) => bsonEquals(v, w)) !== i)) {
      fail('uniqueItems', { reason: 'found a duplicate item', consideredValue: value });
    }
    if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) {
      const itemFailures = value
        .map((v, i) => ({ itemIndex: i, details: jsonSchemaFailures(schema.items as Doc, v) }))
        .filter((f) => f.details.length > 0);
      if (itemFailures.length)
        fail('items', { reason: 'At least one item did not match the sub-schema', ...itemFailures[0] });
    }
  }
  if (bsonTypeMatches(value, 'object')) {
    const doc = value as Doc;
    const keys = Object.keys(doc);
    if (Array.isArray(schema.required)) {
      const missing = schema.required.filter((k) => doc[String(k)] === undefined);
      if (missing.length) fail('required', { missingProperties: missing });
    }
    if (schema.minProperties !== undefined && keys.length < toNumber(schema.minProperties)) {
      fail('minProperties', {
        reason: 'specified number of properties was not satisfied',
        numberOfProperties: keys.length,
      });
    }
    if (schema.maxProperties !== undefined && keys.length > toNumber(schema.maxProperties)) {
      fail('maxProperties', {
        reason: 'specified number of properties was not satisfied',
        numberOfProperties: keys.length,
      });
    }
    const props = (schema.properties ?? {}) as Doc;
    const notSatisfied: Doc[] = [];
    for (const [name, sub] of Object.entries(props)) {
      if (doc[name] === undefined || !sub || typeof sub !== 'object') continue;
      const details = jsonSchemaFailures(sub as Doc, doc[name]);
      if (details.length) notSatisfied.push({ propertyName: name, details });
    }
    if (notSatisfied.length) out.push({ operatorName: 'properties', propertiesNotSatisfied: notSatisfied });
    if (schema.additionalProperties === false) {
      const extra = keys.filter((k) => !(k in props));
      if (extra.length) fail('additionalProperties', { additionalProperties: extra });
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      for (const k of keys.filter((x) => !(x in props))) {
        const details = jsonSchemaFailures(schema.additionalProperties as Doc, doc[k]);
        if (details.length) fail('additionalProperties', { propertyName: k, details });
      }
    }
  }
  const subs = (k: string): Doc[] => (Array.isArray(schema[k]) ? (schema[k] as Doc[]) : []);
  if (subs('allOf').some((s) => jsonSchemaFailures(s, value).length > 0)) fail('allOf', {});
  if (schema.anyOf && !subs('anyOf').some((s) => jsonSchemaFailures(s, value).length === 0))
    fail('anyOf', {});
  if (schema.oneOf && subs('oneOf').filter((s) => jsonSchemaFailures(s, value).length === 0).length !== 1) {
    fail('oneOf', {});
  }
  if (
    schema.not &&
    typeof schema.not === 'object' &&
    jsonSchemaFailures(schema.not as Doc, value).length === 0
  ) {
    fail('not', {});
  }
  return out;
}
