import { Decimal128, Long, Double, Int32 } from 'mongodb';
import { toNumber } from './bson-order';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * $inc / $mul with mongod's type promotion: int32 overflows to long, long stays long (exact
 * BigInt arithmetic), anything with a double is a double, anything with Decimal128 is Decimal128.
 */
export function applyNumeric(op: '$inc' | '$mul' | string, current: unknown, operand: unknown): unknown {
  const mul = op === '$mul';
  if (current instanceof Decimal128 || operand instanceof Decimal128) {
    const x = parseDecimal(current);
    const y = parseDecimal(operand);
    if (!x || !y) {
      const r = mul ? toNumber(current) * toNumber(operand) : toNumber(current) + toNumber(operand);
      return Decimal128.fromString(String(r));
    }
    return toDecimal(mul ? { m: x.m * y.m, e: x.e + y.e } : addScaled(x, y));
  }
  const a = unwrap(current);
  const b = unwrap(operand);
  const integral = isIntegral(a) && isIntegral(b);
  if (integral && (a instanceof Long || b instanceof Long)) {
    const x = toBig(a);
    const y = toBig(b);
    return Long.fromBigInt(BigInt.asIntN(64, mul ? x * y : x + y));
  }
  const r = mul ? toNumber(a) * toNumber(b) : toNumber(a) + toNumber(b);
  if (integral && Number.isInteger(r) && (r < INT32_MIN || r > INT32_MAX)) return Long.fromNumber(r);
  return r;
}

function unwrap(v: unknown): unknown {
  return v instanceof Double || v instanceof Int32 ? v.valueOf() : v;
}

function isIntegral(v: unknown): boolean {
  return v instanceof Long || (typeof v === 'number' && Number.isInteger(v));
}

function toBig(v: unknown): bigint {
  return v instanceof Long ? v.toBigInt() : BigInt(v as number);
}

interface Scaled {
  /** value = m × 10^e */
  m: bigint;
  e: number;
}

/** Parses a numeric into an exact scaled integer; null for NaN/Infinity (left to double maths). */
function parseDecimal(v: unknown): Scaled | null {
  const text =
    v instanceof Decimal128 ? v.toString() : v instanceof Long ? v.toString() : String(toNumber(v));
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return null;
  const digits = `${m[2]}${m[3] ?? ''}` || '0';
  const mantissa = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return { m: mantissa, e: Number(m[4] ?? 0) - (m[3]?.length ?? 0) };
}

function addScaled(x: Scaled, y: Scaled): Scaled {
  const e = Math.min(x.e, y.e);
  return { m: x.m * 10n ** BigInt(x.e - e) + y.m * 10n ** BigInt(y.e - e), e };
}

function toDecimal({ m, e }: Scaled): Decimal128 {
  // IEEE 754 decimal keeps the smaller exponent on add and the summed exponent on multiply, as mongod does.
  const text = `${m.toString()}E${e}`;
  return Decimal128.fromStringWithRounding
    ? Decimal128.fromStringWithRounding(text)
    : Decimal128.fromString(text);
}
