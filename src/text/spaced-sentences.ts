// Sentences of spaced text as datatrove counts them for C4's "5 sentences" rule: spaCy's rule-based
// "sentencizer" pipe (spacy/pipeline/sentencizer.pyx) over the English tokenizer's tokens. A sentence
// ends at a token that is one of its sentence-final characters (". ! ?", "。", "।" and ~120 more);
// the next sentence starts at the first token after it that is neither such a character nor
// punctuation (so closing quotes and brackets stay with the sentence they close). Whitespace tokens
// count as tokens: "Hi.  There" splits before the second space's token, "e.g. x" does not split
// (e.g. is one token), "3.14" neither.
import { spacedTokensWithSpaces } from "./spaced-tokens.js";

// spaCy's Sentencizer.default_punct_chars.
const SENTENCE_END = new Set(
  [..."!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。"],
);
// spaCy's is_punct: every character in a Unicode punctuation category (P*).
const PUNCT_RE = /^\p{P}+$/u;

/**
 * The number of sentences spaCy's sentencizer finds in `text` (English tokens), at least 1, as
 * datatrove's split_into_sentences gives even for a blank text.
 */
export function spacedSentenceCount(text: string): number {
  const tokens = spacedTokensWithSpaces(text);
  if (tokens.length === 0) return 1;
  let sentences = 1;
  let seenEnd = false;
  for (const t of tokens) {
    const end = SENTENCE_END.has(t);
    if (seenEnd && !end && !PUNCT_RE.test(t)) {
      sentences++;
      seenEnd = false;
    } else if (end) seenEnd = true;
  }
  return sentences;
}

/**
 * The same count over another tokenizer's words (jieba's for Chinese: spaCy's "zh" pipeline, as
 * datatrove runs it), given without whitespace: spaCy puts them back in the text as its Doc does
 * (util.get_words_and_spaces), where whitespace other than one space after a word is a token too.
 */
export function sentenceCountOfWords(text: string, words: readonly string[]): number {
  let sentences = 0;
  let seenEnd = false;
  let at = 0;
  const token = (isEnd: boolean, isPunct: boolean) => {
    if (sentences === 0) sentences = 1;
    else if (seenEnd && !isEnd && !isPunct) {
      sentences++;
      seenEnd = false;
      return;
    }
    if (isEnd) seenEnd = true;
  };
  for (const w of words) {
    const start = text.indexOf(w, at);
    if (start < 0) break; // not this text's words: count what was aligned
    if (start > at) token(false, false); // whitespace (or anything unaligned) between words
    token(SENTENCE_END.has(w), PUNCT_RE.test(w));
    at = start + w.length;
    if (text.charCodeAt(at) === 0x20) at++;
  }
  if (at < text.length) token(false, false);
  return Math.max(1, sentences);
}
