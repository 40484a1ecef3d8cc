import { MongoCommandError } from '../errors';
import { jsonSchemaFailures } from '../query/json-schema';
import { compileFilter } from '../query/mingo-context';
import type { CollectionStore } from '../storage/collection-store';
import type { CommandContext, Doc } from './command-context';

const LEVELS = new Set(['off', 'strict', 'moderate']);
const ACTIONS = new Set(['error', 'warn']);

/** Checks the validator options of create / collMod as mongod does (BadValue / InvalidOptions). */
export function checkValidationOptions(options: Doc): void {
  if (options.validator !== undefined) {
    if (!options.validator || typeof options.validator !== 'object' || Array.isArray(options.validator)) {
      throw new MongoCommandError(14, "BSON field 'validator' is the wrong type, expected type 'object'");
    }
    compileFilter(options.validator as Doc); // an unknown operator is refused now, not on the first write
  }
  if (options.validationLevel !== undefined && !LEVELS.has(String(options.validationLevel))) {
    throw new MongoCommandError(
      2,
      `Enumeration value '${String(options.validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  }
  if (options.validationAction !== undefined && !ACTIONS.has(String(options.validationAction))) {
    throw new MongoCommandError(
      2,
      `Enumeration value '${String(options.validationAction)}' for field 'validationAction' is not a valid value.`,
    );
  }
}

/**
 * A check for documents written to `coll` by this command, or undefined when nothing is checked
 * (no validator, validationLevel off, or bypassDocumentValidation). With `moderate`, an update of a
 * document that already broke the validator is let through, as in mongod; with `warn`, a failing
 * document is written and logged.
 */
export function documentValidator(
  ctx: CommandContext,
  coll: CollectionStore,
  cmd: Doc,
): ((doc: Doc, before?: Doc) => void) | undefined {
  const validator = coll.options.validator as Doc | undefined;
  if (!validator || cmd.bypassDocumentValidation === true) return undefined;
  const level = String(coll.options.validationLevel ?? 'strict');
  if (level === 'off') return undefined;
  const matches = compileFilter(validator);
  const warnOnly = coll.options.validationAction === 'warn';
  return (doc, before) => {
    if (matches(doc)) return;
    if (level === 'moderate' && before && !matches(before)) return;
    const schema = validator.$jsonSchema as Doc | undefined;
    const details: Doc = schema
      ? { operatorName: '$jsonSchema', schemaRulesNotSatisfied: jsonSchemaFailures(schema, doc) }
      : { operatorName: '$and', clausesNotSatisfied: [] };
    if (warnOnly) {
      ctx.logger.warn('Document would fail validation', { ns: coll.ns, id: String(doc._id) });
      return;
    }
    throw new MongoCommandError(121, 'Document failed validation', {
      errInfo: { failingDocumentId: doc._id, details },
    });
  };
}
