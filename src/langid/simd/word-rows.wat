;; One word's summed input rows for fastText models of dimension 16 (lid.176's), in WebAssembly
;; SIMD: the word's own row (when it is in the dictionary), then its character n-gram rows in
;; fastText's order (by start, then by length; facebookresearch/fastText src/dictionary.cc
;; computeSubwords), each added to four f32x4 accumulators. Lanes add independently, each in
;; float32, in row order: the sums are bit-identical to adding the rows one by one into a
;; Float32Array (src/langid/predict.ts's scalar path).
;;
;; n-gram hash: FNV-1a over the UTF-8 bytes of "<word>", each byte sign-extended (fastText's
;; Dictionary::hash with a signed char); a UTF-8 continuation byte never starts an n-gram, n counts
;; characters, the lone "<" and ">" are left out; the row is nwords + hash mod bucket, or, in a
;; pruned model, nwords + the bucket's kept row (none when pruned away).
;;
;; Memory, laid out by src/langid/simd/word-rows.ts (byte offsets, set once by $setup):
;;   bytes: the bounded word; input: the rows, 64 bytes each; prune bits: per 32 buckets an i32
;;   bitmap word and an i32 count of the kept buckets before it; prune offsets: i32 per kept
;;   bucket, in bucket order.
(module
  (memory (export "memory") 1)
  (global $bytes (mut i32) (i32.const 0))
  (global $input (mut i32) (i32.const 0))
  (global $nwords (mut i32) (i32.const 0))
  (global $minn (mut i32) (i32.const 0))
  (global $maxn (mut i32) (i32.const 0))
  (global $bucket (mut i32) (i32.const 1))
  (global $pruned (mut i32) (i32.const 0))
  (global $bits (mut i32) (i32.const 0))
  (global $offsets (mut i32) (i32.const 0))

  (func (export "setup")
    (param $bytesAt i32) (param $inputAt i32) (param $nw i32) (param $mn i32) (param $mx i32)
    (param $bk i32) (param $pr i32) (param $bitsAt i32) (param $offsetsAt i32)
    (global.set $bytes (local.get $bytesAt))
    (global.set $input (local.get $inputAt))
    (global.set $nwords (local.get $nw))
    (global.set $minn (local.get $mn))
    (global.set $maxn (local.get $mx))
    (global.set $bucket (local.get $bk))
    (global.set $pruned (local.get $pr))
    (global.set $bits (local.get $bitsAt))
    (global.set $offsets (local.get $offsetsAt)))

  ;; Sum the rows of the bounded word bytes[0, len): row $wid first when $wid >= 0, then the n-gram
  ;; rows when $subwords is 1. The 16 sums go to out[0, 64); returns the number of rows added.
  (func (export "wordRows") (param $wid i32) (param $len i32) (param $subwords i32) (param $out i32) (result i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $rows i32) (local $i i32) (local $j i32) (local $n i32) (local $h i32)
    (local $b i32) (local $at i32) (local $word i32) (local $bit i32) (local $row i32) (local $p i32)
    (local $end i32)
    (if (i32.ge_s (local.get $wid) (i32.const 0))
      (then
        (local.set $row (i32.add (global.get $input) (i32.shl (local.get $wid) (i32.const 6))))
        ;; added to zero, not loaded, as the scalar path does (0 + -0 is +0)
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $row))))
        (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $row))))
        (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $row))))
        (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $row))))
        (local.set $rows (i32.const 1))))
    (if (local.get $subwords)
      (then
        (local.set $p (global.get $bytes))
        (local.set $end (i32.add (local.get $p) (local.get $len)))
        (local.set $i (local.get $p))
        (block $wordDone
          (loop $starts
            (br_if $wordDone (i32.ge_u (local.get $i) (local.get $end)))
            ;; a continuation byte starts no n-gram
            (if (i32.ne (i32.and (i32.load8_u (local.get $i)) (i32.const 0xc0)) (i32.const 0x80))
              (then
                (local.set $h (i32.const 0x811c9dc5))
                (local.set $j (local.get $i))
                (local.set $n (i32.const 1))
                (block $lengthsDone
                  (loop $lengths
                    (br_if $lengthsDone (i32.ge_u (local.get $j) (local.get $end)))
                    (br_if $lengthsDone (i32.gt_s (local.get $n) (global.get $maxn)))
                    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_s (local.get $j))) (i32.const 16777619)))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (block $charDone
                      (loop $char
                        (br_if $charDone (i32.ge_u (local.get $j) (local.get $end)))
                        (br_if $charDone (i32.ne (i32.and (i32.load8_u (local.get $j)) (i32.const 0xc0)) (i32.const 0x80)))
                        (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_s (local.get $j))) (i32.const 16777619)))
                        (local.set $j (i32.add (local.get $j) (i32.const 1)))
                        (br $char)))
                    ;; n >= minn, and not the lone "<" or ">"
                    (if (i32.and
                          (i32.ge_s (local.get $n) (global.get $minn))
                          (i32.eqz (i32.and
                            (i32.eq (local.get $n) (i32.const 1))
                            (i32.or (i32.eq (local.get $i) (local.get $p)) (i32.eq (local.get $j) (local.get $end))))))
                      (then
                        (local.set $b (i32.rem_u (local.get $h) (global.get $bucket)))
                        (local.set $row (i32.const -1))
                        (if (global.get $pruned)
                          (then
                            (local.set $at (i32.add (global.get $bits) (i32.shl (i32.shr_u (local.get $b) (i32.const 5)) (i32.const 3))))
                            (local.set $word (i32.load (local.get $at)))
                            (local.set $bit (i32.shl (i32.const 1) (local.get $b)))
                            (if (i32.and (local.get $word) (local.get $bit))
                              (then
                                (local.set $row (i32.load
                                  (i32.add (global.get $offsets)
                                    (i32.shl
                                      (i32.add (i32.load offset=4 (local.get $at))
                                        (i32.popcnt (i32.and (local.get $word) (i32.sub (local.get $bit) (i32.const 1)))))
                                      (i32.const 2))))))))
                          (else (local.set $row (local.get $b))))
                        (if (i32.ge_s (local.get $row) (i32.const 0))
                          (then
                            (local.set $row (i32.add (global.get $input)
                              (i32.shl (i32.add (global.get $nwords) (local.get $row)) (i32.const 6))))
                            (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $row))))
                            (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $row))))
                            (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $row))))
                            (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $row))))
                            (local.set $rows (i32.add (local.get $rows) (i32.const 1)))))))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br $lengths)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $starts)))))
    (v128.store (local.get $out) (local.get $a0))
    (v128.store offset=16 (local.get $out) (local.get $a1))
    (v128.store offset=32 (local.get $out) (local.get $a2))
    (v128.store offset=48 (local.get $out) (local.get $a3))
    (local.get $rows))
)
