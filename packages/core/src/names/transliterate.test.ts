import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyText } from "../__fixtures__/arbitraries.js";
import { LATIN_LETTERS_IN_ASCII, spellInAscii } from "./transliterate.js";

describe("spellInAscii", () => {
  describe("Compliance: Latin letters are spelled in ASCII", () => {
    it.each([
      ["Ü", "U"],
      ["ï", "i"],
      ["é", "e"],
      ["e\u0301", "e"],
      ["ß", "ss"],
      ["ẞ", "SS"],
      ["æ", "ae"],
      ["Ǣ", "AE"],
      ["ø", "o"],
      ["Ǿ", "O"],
      ["đ", "d"],
      ["ł", "l"],
      ["ŀ", "l"],
      ["þ", "th"],
      ["œ", "oe"],
      ["ı", "i"],
      ["İ", "I"],
      ["ﬁ", "fi"],
      ["Ａ", "A"],
      ["²", "2"],
      ["\u0301", ""],
    ])("given %j, then %j", (char, spelled) => {
      expect([...char].map(spellInAscii).join("")).toBe(spelled);
    });
  });

  describe("Noncompliance: characters of other scripts stay as they are", () => {
    it.each(["日", "ロ", "α", "Ж", "🚀", "#", "\ud800"])("given %j, then it is unchanged", (char) => {
      expect(spellInAscii(char)).toBe(char);
    });
  });

  it("given Greek with a diacritic, then only the mark goes", () => {
    expect(spellInAscii("ά")).toBe("α");
  });

  it("given any code point, then spelling it never throws and never yields a combining mark", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const char of text) expect(spellInAscii(char)).not.toMatch(/\p{M}/u);
      }),
    );
  });
});

describe("LATIN_LETTERS_IN_ASCII", () => {
  it.each(Object.entries(LATIN_LETTERS_IN_ASCII))(
    "given %j, then it is a Latin letter of the cited blocks spelled in ASCII letters that NFKD does not give",
    (letter, spelled) => {
      const codePoint = letter.codePointAt(0) ?? 0;
      expect(letter).toMatch(/^\p{Script=Latin}$/u);
      expect(letter).toMatch(/^\p{L}$/u);
      expect((codePoint >= 0x80 && codePoint <= 0x24f) || codePoint === 0x1e9e).toBe(true);
      expect(spelled).toMatch(/^[A-Za-z]+$/);
      expect(letter.normalize("NFKD").replace(/\p{M}/gu, "")).not.toBe(spelled);
    },
  );

  it("given every letter of Latin-1 Supplement and Latin Extended-A but ŉ, then each is spelled in ASCII letters", () => {
    const unspelled: string[] = [];
    for (let codePoint = 0xc0; codePoint <= 0x17f; codePoint += 1) {
      const char = String.fromCodePoint(codePoint);
      if (/^\p{L}$/u.test(char) && !/^[A-Za-z]+$/.test(spellInAscii(char))) unspelled.push(char);
    }
    expect(unspelled).toEqual(["ŉ"]);
  });
});
