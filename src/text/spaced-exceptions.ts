// The special cases of spaCy's English tokenizer (spacy/lang/tokenizer_exceptions.py and
// spacy/lang/en/tokenizer_exceptions.py, v3.7.5): chunks spaCy splits by a table instead of by its
// affix rules ("don't" -> do, n't; "cannot" -> can, not; "5pm" -> 5, pm) or keeps whole although
// the rules would split them ("Inc.", "e.g.", ":)"). datatrove counts these tokens, so the Gopher
// word counts, stop words and n-grams depend on them. Built here from the patterns spaCy's tables
// follow; tests/text/spaced-tokens.test.ts checks the result against spaCy's own tokens.

/** chunk -> its tokens (one token: kept whole). */
export type Exceptions = Map<string, readonly string[]>;

// Every case with a typewriter apostrophe also exists with a typographic one (spaCy's expand_exc).
const APOSTROPHE = "'";
const TYPOGRAPHIC = "’";

function titled(w: string): string {
  return w[0]!.toUpperCase() + w.slice(1);
}

function englishCases(): Exceptions {
  const exc: Exceptions = new Map();
  const add = (...tokens: string[]) => exc.set(tokens.join(""), tokens);
  const bothCases = (word: string, f: (w: string) => void) => {
    f(word);
    f(titled(word));
  };
  // pronouns with 'm, 'll, 'd, 've, 're, 's, with and without the apostrophe ("im", "youre")
  bothCases("i", (p) => {
    add(p, "'m");
    add(p, "m");
    add(p, "'m", "a");
    add(p, "m", "a");
  });
  const willWould = (p: string) => {
    add(p, "'ll");
    add(p, "ll");
    add(p, "'ll", "'ve");
    add(p, "ll", "ve");
    add(p, "'d");
    add(p, "d");
    add(p, "'d", "'ve");
    add(p, "d", "ve");
  };
  for (const pron of ["i", "you", "he", "she", "it", "we", "they"]) bothCases(pron, willWould);
  for (const pron of ["i", "you", "we", "they"]) bothCases(pron, (p) => (add(p, "'ve"), add(p, "ve")));
  for (const pron of ["you", "we", "they"]) bothCases(pron, (p) => (add(p, "'re"), add(p, "re")));
  for (const pron of ["he", "she", "it"]) bothCases(pron, (p) => (add(p, "'s"), add(p, "s")));
  // wh-words and demonstratives: no 's after these/those, no 're/'ve after that/this
  for (const word of ["who", "what", "when", "where", "why", "how", "there", "that", "this", "these", "those"]) {
    bothCases(word, (w) => {
      if (word !== "these" && word !== "those") (add(w, "'s"), add(w, "s"));
      add(w, "'ll");
      add(w, "ll");
      add(w, "'ll", "'ve");
      add(w, "ll", "ve");
      if (word !== "that" && word !== "this") {
        add(w, "'re");
        add(w, "re");
        add(w, "'ve");
        add(w, "ve");
      }
      add(w, "'d");
      add(w, "d");
      add(w, "'d", "'ve");
      add(w, "d", "ve");
    });
  }
  // verbs with n't (and n't've), apostrophe or not: "don't", "dont", "can't" -> ca, n't
  for (const verb of ["ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought", "sha", "should", "wo", "would"]) {
    bothCases(verb, (v) => {
      add(v, "n't");
      add(v, "nt");
      add(v, "n't", "'ve");
      add(v, "nt", "ve");
    });
  }
  for (const verb of ["could", "might", "must", "should", "would"]) bothCases(verb, (v) => (add(v, "'ve"), add(v, "ve")));
  for (const verb of ["ai", "are", "is", "was", "were", "have", "has", "dare"]) bothCases(verb, (v) => (add(v, "n't"), add(v, "nt")));
  // dropped letters, kept whole: "goin'", "nothin", "'em", "'nuff"
  for (const word of ["doin", "goin", "nothin", "nuthin", "ol", "somethin"]) bothCases(word, (w) => (add(w), add(w + APOSTROPHE)));
  for (const word of ["em", "ll", "nuff"]) (add(word), add(APOSTROPHE + word));
  // clock times: "5pm" -> 5, pm
  for (let h = 1; h <= 12; h++) for (const period of ["a.m.", "am", "p.m.", "pm"]) add(String(h), period);
  const split: [string, ...string[]][] = [
    ["y'", "all"],
    ["y", "all"],
    ["how", "'d", "'y"],
    ["How", "'d", "'y"],
    ["not", "'ve"],
    ["not", "ve"],
    ["Not", "'ve"],
    ["Not", "ve"],
    ["can", "not"],
    ["Can", "not"],
    ["gon", "na"],
    ["Gon", "na"],
    ["got", "ta"],
    ["Got", "ta"],
    ["let", "'s"],
    ["Let", "'s"],
    ["c'm", "on"],
    ["C'm", "on"],
  ];
  for (const tokens of split) add(...tokens);
  const whole = [
    "'S",
    "'s",
    "‘S",
    "‘s",
    "and/or",
    "w/o",
    "'re",
    "'Cause",
    "'cause",
    "'cos",
    "'Cos",
    "'coz",
    "'Coz",
    "'cuz",
    "'Cuz",
    "'bout",
    "ma'am",
    "Ma'am",
    "o'clock",
    "O'clock",
    "lovin'",
    "Lovin'",
    "lovin",
    "Lovin",
    "havin'",
    "Havin'",
    "havin",
    "Havin",
    "doin'",
    "Doin'",
    "doin",
    "Doin",
    "goin'",
    "Goin'",
    "goin",
    "Goin",
    // abbreviations ending in a period (states, months, titles, companies)
    "Mt.",
    "Ak.",
    "Ala.",
    "Apr.",
    "Ariz.",
    "Ark.",
    "Aug.",
    "Calif.",
    "Colo.",
    "Conn.",
    "Dec.",
    "Del.",
    "Feb.",
    "Fla.",
    "Ga.",
    "Ia.",
    "Id.",
    "Ill.",
    "Ind.",
    "Jan.",
    "Jul.",
    "Jun.",
    "Kan.",
    "Kans.",
    "Ky.",
    "La.",
    "Mar.",
    "Mass.",
    "Mich.",
    "Minn.",
    "Miss.",
    "N.C.",
    "N.D.",
    "N.H.",
    "N.J.",
    "N.M.",
    "N.Y.",
    "Neb.",
    "Nebr.",
    "Nev.",
    "Nov.",
    "Oct.",
    "Okla.",
    "Ore.",
    "Pa.",
    "S.C.",
    "Sep.",
    "Sept.",
    "Tenn.",
    "Va.",
    "Wash.",
    "Wis.",
    "'d",
    "a.m.",
    "Adm.",
    "Bros.",
    "co.",
    "Co.",
    "Corp.",
    "D.C.",
    "Dr.",
    "e.g.",
    "E.g.",
    "E.G.",
    "Gen.",
    "Gov.",
    "i.e.",
    "I.e.",
    "I.E.",
    "Inc.",
    "Jr.",
    "Ltd.",
    "Md.",
    "Messrs.",
    "Mo.",
    "Mont.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "p.m.",
    "Ph.D.",
    "Prof.",
    "Rep.",
    "Rev.",
    "Sen.",
    "St.",
    "vs.",
    "v.s.",
  ];
  for (const w of whole) add(w);
  // real words the patterns above would split ("its" is not it+s, "well" not we+ll)
  for (const w of ["Ill", "ill", "Its", "its", "Hell", "hell", "Shell", "shell", "Shed", "shed", "were", "Were", "Well", "well", "Whore", "whore"])
    exc.delete(w);
  return exc;
}

// spaCy's emoticons (kept whole, in any language).
const EMOTICONS =
  String.raw`:) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8 ;) ;-) (; (-; :( :-( :(( :-(( :((( :-((( ): )-: =(
>:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1 :P :-P :p :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD xDD
XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0 o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.)
(>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ) ¯\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>`.split(/\s+/);

function baseCases(): Exceptions {
  const exc: Exceptions = new Map();
  // whitespace tokens and the escaped forms spaCy keeps (never words: datatrove drops blank tokens)
  for (const w of [" ", "\t", "\\t", "\n", "\\n", "\u2014", "\u00a0", "'", '\\")', "<space>", "''", "C++", ...EMOTICONS]) exc.set(w, [w]);
  // one letter and a period: an initial or a list item ("a.", "ö.")
  for (const letter of "abcdefghijklmnopqrstuvwxyzäöü") exc.set(`${letter}.`, [`${letter}.`]);
  // temperatures: "°C." -> °, C, . (a suffix rule spaCy moved into the table)
  for (const unit of "cfkCFK") exc.set(`°${unit}.`, ["°", unit, "."]);
  return exc;
}

let table: Exceptions | undefined;

/** spaCy's English tokenizer exceptions (base cases, then English ones over them, then typographic apostrophes). */
export function englishExceptions(): Exceptions {
  if (table) return table;
  const exc: Exceptions = new Map([...baseCases(), ...englishCases()]);
  for (const [chunk, tokens] of [...exc]) {
    if (chunk.includes(APOSTROPHE))
      exc.set(
        chunk.replaceAll(APOSTROPHE, TYPOGRAPHIC),
        tokens.map((t) => t.replaceAll(APOSTROPHE, TYPOGRAPHIC)),
      );
  }
  table = exc;
  return exc;
}

// A candidate is looked up only if its length and first, second and last units hash to a slot an
// exception's do (one bit of 2^20): about 1 word in 500 is hashed for the lookup, not 1 in 12 as
// with the first and last units alone ("of", "has" and "what" looked like "°f.", "hes", "whats").
let exceptionBits: Uint32Array | undefined;
let lastUnits: Uint8Array | undefined; // 1 for a unit some exception ends with ("." yes, "," no)

function slotOf(text: string, start: number, end: number): number {
  const length = end - start;
  let h = Math.imul(text.charCodeAt(start) ^ (length << 16), 0x9e3779b1);
  h = Math.imul(h ^ text.charCodeAt(end - 1), 0x85ebca6b);
  h = Math.imul(h ^ (length > 1 ? text.charCodeAt(start + 1) : 0), 0xc2b2ae35);
  return (h ^ (h >>> 15)) & 0xfffff;
}

/** Whether text[start, end) is one of the exceptions. */
export function isException(text: string, start: number, end: number): boolean {
  if (!exceptionBits || !lastUnits) {
    exceptionBits = new Uint32Array(1 << 15);
    lastUnits = new Uint8Array(0x10000);
    for (const chunk of englishExceptions().keys()) {
      const slot = slotOf(chunk, 0, chunk.length);
      exceptionBits[slot >>> 5]! |= 1 << (slot & 31);
      lastUnits[chunk.charCodeAt(chunk.length - 1)] = 1;
    }
  }
  if (lastUnits[text.charCodeAt(end - 1)] === 0) return false;
  const slot = slotOf(text, start, end);
  return (exceptionBits[slot >>> 5]! & (1 << (slot & 31))) !== 0 && englishExceptions().has(text.slice(start, end));
}
