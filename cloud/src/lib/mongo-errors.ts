/** MongoDB's duplicate-key error (E11000), as raised by real mongod and the embedded server alike. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}

/** Runs an upsert once more when a concurrent upsert of the same key won the race. */
export async function retryOnDuplicate<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return run();
  }
}
