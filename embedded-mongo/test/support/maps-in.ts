/**
 * The largest Map reachable from `root` through objects, arrays and Maps (#19's bulk-load pauses:
 * V8 doubles a Map's table by moving every entry in one call, so a store must hold none that grows
 * with the collection).
 */
export function largestMap(root: unknown): number {
  let largest = 0;
  reach(root, (v) => {
    if (v instanceof Map) largest = Math.max(largest, v.size);
  });
  return largest;
}

/**
 * The longest array or typed array reachable from `root`: a plain array grown by push is copied
 * whole each time V8 grows it, so a store must hold none that grows with the collection either.
 */
export function largestArray(root: unknown): number {
  let largest = 0;
  reach(root, (v) => {
    if (Array.isArray(v) || ArrayBuffer.isView(v))
      largest = Math.max(largest, (v as ArrayLike<unknown>).length);
  });
  return largest;
}

/** Calls `found` once on every object reachable from `root` through objects, arrays and Maps. */
function reach(root: unknown, found: (v: object) => void): void {
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    found(v);
    if (v instanceof Map) {
      for (const [k, x] of v) {
        visit(k);
        visit(x);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (!ArrayBuffer.isView(v)) for (const x of Object.values(v)) visit(x);
  };
  visit(root);
}
