/** A short, stable, runtime-independent hash: FNV-1a 64-bit over UTF-8, in base 36. */

const TWO_POW_32 = 0x1_0000_0000;
/** 36³: dropping the last 3 of 13 base-36 digits. */
const DIVISOR = 36 ** 3;

/**
 * FNV-1a 64-bit over the UTF-8 bytes of `value`, as 16 lower-case hex digits. Lone surrogates are
 * encoded as their 3-byte (WTF-8) form, so distinct strings never share an input byte sequence.
 *
 * @example
 * fnv1a64Hex("a"); // "af63dc4c8601ec8c"
 */
export function fnv1a64Hex(value: string): string {
  const [hi, lo] = fnv1a64(value);
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/**
 * The naming hash: FNV-1a 64-bit over the UTF-8 bytes of `value`, written in base 36, left-padded to
 * 13 digits, first 10 kept. Deterministic in every JavaScript runtime; part of the naming contract.
 *
 * @example
 * stableHash("feature/JIRA-123_login"); // 10 characters of [0-9a-z]
 */
export function stableHash(value: string): string {
  const [hi, lo] = fnv1a64(value);
  // The first 10 of 13 base-36 digits are floor(hash / 36³): a 64-bit by 16-bit long division whose
  // quotient (< 2^49) is exact in a double, so no BigInt is needed on this hot path.
  const remainder = hi % DIVISOR;
  const quotient =
    Math.floor(hi / DIVISOR) * TWO_POW_32 + Math.floor((remainder * TWO_POW_32 + lo) / DIVISOR);
  return quotient.toString(36).padStart(10, "0");
}

/**
 * FNV-1a 64 as two unsigned 32-bit halves. The state is four 16-bit limbs so that multiplying by the
 * prime 2^40 + 0x1b3 stays in small-integer arithmetic (no BigInt, no allocation per byte).
 */
function fnv1a64(value: string): [number, number] {
  // offset basis 0xcbf29ce484222325, least significant limb first
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const length = value.length;
  for (let index = 0; index < length; index++) {
    let code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < length) {
      const low = value.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        index++;
      }
    }
    // UTF-8 (lone surrogates as their 3-byte form): up to four bytes b0..b3, n of them
    let n: number;
    let b0: number;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    if (code < 0x80) {
      n = 1;
      b0 = code;
    } else if (code < 0x800) {
      n = 2;
      b0 = 0xc0 | (code >> 6);
      b1 = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      n = 3;
      b0 = 0xe0 | (code >> 12);
      b1 = 0x80 | ((code >> 6) & 0x3f);
      b2 = 0x80 | (code & 0x3f);
    } else {
      n = 4;
      b0 = 0xf0 | (code >> 18);
      b1 = 0x80 | ((code >> 12) & 0x3f);
      b2 = 0x80 | ((code >> 6) & 0x3f);
      b3 = 0x80 | (code & 0x3f);
    }
    for (let k = 0; k < n; k++) {
      h0 ^= k === 0 ? b0 : k === 1 ? b1 : k === 2 ? b2 : b3;
      // h · (2^40 + 0x1b3) mod 2^64: 0x1b3 on every limb, plus 2^40 = two limbs and 8 bits up
      const t0 = h0 * 0x1b3;
      let t1 = h1 * 0x1b3;
      let t2 = h2 * 0x1b3 + (h0 << 8);
      const t3 = h3 * 0x1b3 + (h1 << 8);
      t1 += t0 >>> 16;
      h0 = t0 & 0xffff;
      t2 += t1 >>> 16;
      h1 = t1 & 0xffff;
      h3 = (t3 + (t2 >>> 16)) & 0xffff;
      h2 = t2 & 0xffff;
    }
  }
  return [h3 * 0x10000 + h2, h1 * 0x10000 + h0];
}
