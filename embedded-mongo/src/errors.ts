/** An error that becomes a mongod-shaped `{ ok: 0, errmsg, code, codeName }` reply. */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.codeName = CODE_NAMES[code] ?? 'UnknownError';
    this.extra = extra;
  }
}

// Codes and names as mongod reports them, so drivers and mongoose classify errors identically.
export const CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  9: 'FailedToParse',
  13: 'Unauthorized',
  14: 'TypeMismatch',
  20: 'IllegalOperation',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  28: 'PathNotViable',
  40: 'ConflictingUpdateOperators',
  43: 'CursorNotFound',
  48: 'NamespaceExists',
  52: 'DollarPrefixedFieldName',
  56: 'EmptyFieldName',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  67: 'CannotCreateIndex',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  121: 'DocumentValidationFailure',
  143: 'CursorInUse',
  165: 'ViewDepthLimitExceeded',
  166: 'CommandNotSupportedOnView',
  10334: 'BSONObjectTooLarge',
  11000: 'DuplicateKey',
  15974: 'Location15974',
  40352: 'Location40352',
  40414: 'Location40414',
  40415: 'Location40415',
};

export const badValue = (msg: string): MongoCommandError => new MongoCommandError(2, msg);
export const typeMismatch = (msg: string): MongoCommandError => new MongoCommandError(14, msg);
export const failedToParse = (msg: string): MongoCommandError => new MongoCommandError(9, msg);
export const namespaceNotFound = (ns: string): MongoCommandError =>
  new MongoCommandError(26, `ns does not exist: ${ns}`);

/** Converts anything thrown inside a command into the error shape mongod uses. */
export function toCommandError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // mingo reports user mistakes (bad operators, bad stage specs) as plain errors; mongod calls these BadValue/parse errors.
  return new MongoCommandError(2, message);
}
