// Sentences of spaced text as datatrove counts them for C4's "5 sentences" rule: spaCy's rule-based
// "sentencizer" pipe (spacy/pipeline/sentencizer.pyx) over the English tokenizer's tokens. A sentence
// ends at a token that is one of its sentence-final characters (". ! ?", "。", "।" and ~120 more);
// the next sentence starts at the first token after it that is neither such a character nor
// punctuation (so closing quotes and brackets stay with the sentence they close). Whitespace tokens
// count as tokens: "Hi.  There" splits before the second space's token, "e.g. x" does not split
// (e.g. is one token), "3.14" neither.
import { SPACE, unitClasses } from "./spaced-chars.js";
import { chunkTokens, spacedTokensWithSpaces } from "./spaced-tokens.js";

// spaCy's Sentencizer.default_punct_chars.
const SENTENCE_END = new Set([
  ..."!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。",
]);
// spaCy's is_punct: every character in a Unicode punctuation category (P*).
const PUNCT_RE = /^\p{P}+$/u;

// Per BMP unit: 1 a sentence end, 2 punctuation (P*), 4 a surrogate (the chunk needs its tokens).
let unitKinds: Uint8Array | undefined;
const END = 1;
const PUNCT = 2;
const SURROGATE = 4;

function kinds(): Uint8Array {
  if (unitKinds) return unitKinds;
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) t[c] = SURROGATE;
    else if (PUNCT_RE.test(String.fromCharCode(c))) t[c] = PUNCT;
  }
  for (const ch of SENTENCE_END) if (ch.length === 1) t[ch.charCodeAt(0)]! |= END;
  unitKinds = t;
  return t;
}

/**
 * The number of sentences spaCy's sentencizer finds in `text` (English tokens), at least 1, as
 * datatrove's split_into_sentences gives even for a blank text. Only chunks holding a sentence
 * end are tokenized: elsewhere it is enough to know whether a chunk has a character that is not
 * punctuation (then one of its tokens is no punctuation token, and it starts a sentence after an end).
 */
export function spacedSentenceCount(text: string): number {
  const cls = unitClasses();
  const kind = kinds();
  const n = text.length;
  const tokens: string[] = [];
  let sentences = 0;
  let seenEnd = false;
  let i = 0;
  while (i < n) {
    const start = i;
    if (cls[text.charCodeAt(i)]! & SPACE) {
      while (i < n && cls[text.charCodeAt(i)]! & SPACE) i++;
      // a whitespace token (no punctuation), unless this is the one space after a token
      if (start === 0 || i - start > 1 || text.charCodeAt(start) !== 0x20) {
        if (sentences === 0) sentences = 1;
        else if (seenEnd) (sentences++, (seenEnd = false));
      }
      continue;
    }
    let all = PUNCT; // stays PUNCT while every unit is punctuation
    let any = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (cls[c]! & SPACE) break;
      const k = kind[c]!;
      all &= k;
      any |= k;
      i++;
    }
    if (!(any & (END | SURROGATE))) {
      if (sentences === 0) sentences = 1;
      else if (seenEnd && !all) (sentences++, (seenEnd = false));
      continue;
    }
    tokens.length = 0;
    if (chunkTokens(text, start, tokens) < 0) return countOf(spacedTokensWithSpaces(text));
    for (const t of tokens) {
      const end = SENTENCE_END.has(t);
      if (sentences === 0) sentences = 1;
      else if (seenEnd && !end && !PUNCT_RE.test(t)) {
        sentences++;
        seenEnd = false;
        continue;
      }
      if (end) seenEnd = true;
    }
  }
  return Math.max(1, sentences);
}

/** The sentencizer over a whole token list (whitespace tokens included). */
function countOf(tokens: readonly string[]): number {
  const cuts = new SentenceCuts();
  for (const t of tokens) cuts.token(0, SENTENCE_END.has(t), PUNCT_RE.test(t));
  return cuts.count;
}

/**
 * The same count over another tokenizer's words (jieba's for Chinese: spaCy's "zh" pipeline, as
 * datatrove runs it), given without whitespace: spaCy puts them back in the text as its Doc does
 * (util.get_words_and_spaces), where whitespace other than one space after a word is a token too.
 */
export function sentenceCountOfWords(text: string, words: readonly string[]): number {
  return wordCuts(text, words).count;
}

/**
 * The text cut into sentences as datatrove's split_into_sentences cuts it (C4's rules with
 * split_paragraph=False): spaCy's sentencizer finds the sentences and each part runs from the end
 * of the sentence before to the end of its own (`sent.end_char`), the last to the end of the text,
 * so the parts together are the whole text. One part for a text without tokens.
 */
export function spacedSentenceParts(text: string): string[] {
  const cls = unitClasses();
  const cuts = new SentenceCuts();
  let at = 0;
  let afterWord = false;
  for (const t of spacedTokensWithSpaces(text)) {
    // Tokens follow one another; one space after a token that is not whitespace is that token's
    // own (spaCy's whitespace_), any other whitespace is a token.
    if (afterWord && text.charCodeAt(at) === 0x20) at++;
    const start = text.startsWith(t, at) ? at : text.indexOf(t, at);
    if (start < 0) break; // cannot happen for this text's tokens; cut no further
    at = start + t.length;
    afterWord = !(cls[t.charCodeAt(0)]! & SPACE);
    cuts.token(at, SENTENCE_END.has(t), PUNCT_RE.test(t));
  }
  return cuts.parts(text);
}

/** The same parts over another tokenizer's words, given without whitespace (see sentenceCountOfWords). */
export function sentencePartsOfWords(text: string, words: readonly string[]): string[] {
  return wordCuts(text, words).parts(text);
}

/** The sentencizer over words aligned back to the text: whitespace between them is a token too. */
function wordCuts(text: string, words: readonly string[]): SentenceCuts {
  const cuts = new SentenceCuts();
  let at = 0;
  for (const w of words) {
    const start = text.indexOf(w, at);
    if (start < 0) break; // not this text's words: what was aligned counts
    if (start > at) cuts.token(start, false, false); // whitespace (or anything unaligned) between words
    at = start + w.length;
    cuts.token(at, SENTENCE_END.has(w), PUNCT_RE.test(w));
    if (text.charCodeAt(at) === 0x20) at++;
  }
  if (at < text.length) cuts.token(text.length, false, false);
  return cuts;
}

/** spaCy's sentencizer fed token by token (each token's end offset): where each sentence but the last ends. */
class SentenceCuts {
  private readonly cuts: number[] = [];
  private seenEnd = false;
  private previousEnd = 0;

  /** Sentences so far: one more than the cuts (one for a text without tokens, as datatrove counts). */
  get count(): number {
    return this.cuts.length + 1;
  }

  token(end: number, isEnd: boolean, isPunct: boolean): void {
    if (this.seenEnd && !isEnd && !isPunct) {
      // this token starts a sentence: the one before ended with the token before
      this.cuts.push(this.previousEnd);
      this.seenEnd = false;
    } else if (isEnd) this.seenEnd = true;
    this.previousEnd = end;
  }

  parts(text: string): string[] {
    const parts: string[] = [];
    let from = 0;
    for (const cut of this.cuts) {
      parts.push(text.slice(from, cut));
      from = cut;
    }
    parts.push(text.slice(from));
    return parts;
  }
}
