/** Latin letters spelled in ASCII for names: NFKD without its combining marks, and the letters NFKD keeps whole. */

/**
 * The Latin letters that NFKD does not turn into an ASCII letter plus combining marks, with their ASCII spelling.
 * Source: Unicode CLDR's Latin-ASCII transform (`common/transforms/Latin-ASCII.xml`), its entries for the letters of
 * the Latin-1 Supplement, Latin Extended-A and Latin Extended-B blocks (U+0080–U+024F) and ẞ (U+1E9E) whose
 * spelling is letters only (ŉ, spelled `'n`, is left out). Entries NFKD already gives (Ĳ, ǅ, ſ…) are not repeated.
 *
 * @example
 * LATIN_LETTERS_IN_ASCII["ß"]; // "ss"
 * LATIN_LETTERS_IN_ASCII["ł"]; // "l"
 */
export const LATIN_LETTERS_IN_ASCII: Readonly<Record<string, string>> = Object.freeze({
  // Latin-1 Supplement
  Æ: "AE",
  Ð: "D",
  Ø: "O",
  Þ: "TH",
  ß: "ss",
  æ: "ae",
  ð: "d",
  ø: "o",
  þ: "th",
  // Latin Extended-A
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  ĸ: "q",
  Ŀ: "L",
  ŀ: "l",
  Ł: "L",
  ł: "l",
  Ŋ: "N",
  ŋ: "n",
  Œ: "OE",
  œ: "oe",
  Ŧ: "T",
  ŧ: "t",
  // Latin Extended-B
  ƀ: "b",
  Ɓ: "B",
  Ƃ: "B",
  ƃ: "b",
  Ƈ: "C",
  ƈ: "c",
  Ɖ: "D",
  Ɗ: "D",
  Ƌ: "D",
  ƌ: "d",
  Ɛ: "E",
  Ƒ: "F",
  ƒ: "f",
  Ɠ: "G",
  ƕ: "hv",
  Ɩ: "I",
  Ɨ: "I",
  Ƙ: "K",
  ƙ: "k",
  ƚ: "l",
  Ɲ: "N",
  ƞ: "n",
  Ƣ: "OI",
  ƣ: "oi",
  Ƥ: "P",
  ƥ: "p",
  ƫ: "t",
  Ƭ: "T",
  ƭ: "t",
  Ʈ: "T",
  Ʋ: "V",
  Ƴ: "Y",
  ƴ: "y",
  Ƶ: "Z",
  ƶ: "z",
  Ǥ: "G",
  ǥ: "g",
  ȡ: "d",
  Ȥ: "Z",
  ȥ: "z",
  ȴ: "l",
  ȵ: "n",
  ȶ: "t",
  ȷ: "j",
  ȸ: "db",
  ȹ: "qp",
  Ⱥ: "A",
  Ȼ: "C",
  ȼ: "c",
  Ƚ: "L",
  Ⱦ: "T",
  ȿ: "s",
  ɀ: "z",
  Ƀ: "B",
  Ʉ: "U",
  Ɇ: "E",
  ɇ: "e",
  Ɉ: "J",
  ɉ: "j",
  Ɍ: "R",
  ɍ: "r",
  Ɏ: "Y",
  ɏ: "y",
  // Latin Extended Additional
  ẞ: "SS",
});

const COMBINING_MARKS = /\p{M}/gu;

/**
 * One character (one code point) spelled for an ASCII name: its NFKD decomposition without combining marks (Unicode
 * General_Category M), each letter NFKD keeps whole spelled by `LATIN_LETTERS_IN_ASCII` (which also wins over NFKD: `ŀ` is `l`, not `l·`). A Latin letter with
 * diacritics becomes its base letter (`Ǣ` → `Æ` → `AE`), a compatibility character its plain form (`ﬁ` → `fi`,
 * `Ａ` → `A`), a combining mark nothing; a character of another script stays as it is (and the name's alphabet then
 * refuses it).
 *
 * @example
 * spellInAscii("Ü"); // "U"
 * spellInAscii("æ"); // "ae"
 * spellInAscii("日"); // "日"
 */
export function spellInAscii(char: string): string {
  if (Object.hasOwn(LATIN_LETTERS_IN_ASCII, char)) return LATIN_LETTERS_IN_ASCII[char] as string;
  let spelled = "";
  for (const part of char.normalize("NFKD").replace(COMBINING_MARKS, "")) {
    spelled += Object.hasOwn(LATIN_LETTERS_IN_ASCII, part) ? LATIN_LETTERS_IN_ASCII[part] : part;
  }
  return spelled;
}
