/**
 * The largest Map reachable from `root` through objects, arrays and Maps (#19's bulk-load pauses:
 * V8 doubles a Map's table by moving every entry in one call, so a store must hold none that grows
 * with the collection).
 */
export function largestMap(root: unknown): number {
  let largest = 0;
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Map) {
      largest = Math.max(largest, v.size);
      for (const [k, x] of v) {
        visit(k);
        visit(x);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else for (const x of Object.values(v)) visit(x);
  };
  visit(root);
  return largest;
}
