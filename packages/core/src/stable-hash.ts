/** A short, stable, runtime-independent hash: FNV-1a 64-bit over UTF-8, in base 36. */

const TWO_POW_32 = 0x1_0000_0000;

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
  const full = ((BigInt(hi) << 32n) | BigInt(lo)).toString(36).padStart(13, "0");
  return full.slice(0, 10);
}

/** FNV-1a 64 as two unsigned 32-bit halves, multiplying by the prime 2^40 + 0x1b3 without BigInt. */
function fnv1a64(value: string): [number, number] {
  // offset basis 0xcbf29ce484222325
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const step = (byte: number): void => {
    lo = (lo ^ byte) >>> 0;
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64
    const low = lo * 0x1b3;
    const carry = Math.floor(low / TWO_POW_32);
    hi = (hi * 0x1b3 + lo * 0x100 + carry) % TWO_POW_32;
    lo = low % TWO_POW_32;
  };
  for (let index = 0; index < value.length; index++) {
    const code = value.codePointAt(index) as number;
    if (code > 0xffff) index++;
    if (code < 0x80) {
      step(code);
    } else if (code < 0x800) {
      step(0xc0 | (code >> 6));
      step(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      step(0xe0 | (code >> 12));
      step(0x80 | ((code >> 6) & 0x3f));
      step(0x80 | (code & 0x3f));
    } else {
      step(0xf0 | (code >> 18));
      step(0x80 | ((code >> 12) & 0x3f));
      step(0x80 | ((code >> 6) & 0x3f));
      step(0x80 | (code & 0x3f));
    }
  }
  return [hi >>> 0, lo >>> 0];
}
