/**
 * A client id for one check-in: the server keeps each one exactly once, however often the
 * phone retries. crypto.getRandomValues where the runtime has it, else time + Math.random.
 */
export function newClientId(): string {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (cryptoApi?.getRandomValues) {
    const bytes = cryptoApi.getRandomValues(new Uint8Array(12));
    return 'c' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
}
