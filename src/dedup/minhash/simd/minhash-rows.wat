;; Classic MinHash rows in WebAssembly SIMD: the same family as classicSignatureScalar in
;; ../permutations.ts, h_i(x) = (a_i * x_lo + c_i * x_hi + b_i) mod 2^32, and for each row i the
;; unsigned minimum over the document's shingle keys. A v128 holds four rows, so i32x4.mul,
;; i32x4.add and i32x4.min_u advance four rows per instruction. Row-major as in the JS version:
;; a pass loads the constants of a group of rows into locals, keeps that group's running minimums
;; in locals while every key streams past once, and stores them.
;;
;; Group sizes, measured on the dedup benchmark's keys (ns per row and key, same run; JS 1.07 at
;; two lanes, 0.69 at one): two lanes 4 rows 0.17, 8 rows 0.13, 12 rows 0.13, 16 rows 0.20; one
;; lane 4 rows 0.10, 8 rows 0.08, 16 rows 0.073. x86-64 has 16 vector registers: 16 rows at two
;; lanes need 4 vectors each of a, b, c and the minimums plus the two key splats, and spill.
;; So two lanes take 8 rows per pass and one lane 16, then 4 at a time for the rest.
;;
;; Memory, laid out by the caller (src/dedup/minhash/simd/simd-signature.ts), all offsets in bytes:
;;   params: a[k], b[k], c[k], consecutive, k a multiple of 4 (the caller pads with zero rows);
;;   lo[n], hi[n]: the keys' low and high words; out[k]: the minimums.
;; The additions wrap, so their order does not change the result: bit-identical to the JS.
;;
;; shingles2 makes the keys themselves (../shingles.ts, two lanes) four shingles per vector, and they
;; stay in this memory for the rows: keys and rows of a ~1 KB English document (the minhash-dedup
;; benchmark's) took 3.8 us, against 5.1-5.5 with the keys made in JavaScript (best of 30, same run).
(module
  (memory (export "memory") 1)

  ;; Two lanes: 64-bit keys, both words in every row.
  (func (export "signature2")
    (param $lo i32) (param $hi i32) (param $n i32) (param $params i32) (param $k i32) (param $out i32)
    (local $bytes i32) (local $b i32) (local $c i32) (local $i i32)
    (local $p i32) (local $end i32) (local $hiMinusLo i32)
    (local $x v128) (local $y v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $m0 v128) (local $m1 v128)
    (local.set $bytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $b (i32.add (local.get $params) (local.get $bytes)))
    (local.set $c (i32.add (local.get $b) (local.get $bytes)))
    (local.set $end (i32.add (local.get $lo) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $hiMinusLo (i32.sub (local.get $hi) (local.get $lo)))

    ;; eight rows per pass
    (block $eightDone
      (loop $eight
        (br_if $eightDone (i32.gt_u (i32.add (local.get $i) (i32.const 32)) (local.get $bytes)))
        (local.set $a0 (v128.load (i32.add (local.get $params) (local.get $i))))
        (local.set $a1 (v128.load offset=16 (i32.add (local.get $params) (local.get $i))))
        (local.set $b0 (v128.load (i32.add (local.get $b) (local.get $i))))
        (local.set $b1 (v128.load offset=16 (i32.add (local.get $b) (local.get $i))))
        (local.set $c0 (v128.load (i32.add (local.get $c) (local.get $i))))
        (local.set $c1 (v128.load offset=16 (i32.add (local.get $c) (local.get $i))))
        (local.set $m0 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $m1 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $p (local.get $lo))
        (block $keysDone
          (loop $keys
            (br_if $keysDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $x (v128.load32_splat (local.get $p)))
            (local.set $y (v128.load32_splat (i32.add (local.get $p) (local.get $hiMinusLo))))
            (local.set $m0 (i32x4.min_u (local.get $m0)
              (i32x4.add (i32x4.add (i32x4.mul (local.get $a0) (local.get $x)) (i32x4.mul (local.get $c0) (local.get $y))) (local.get $b0))))
            (local.set $m1 (i32x4.min_u (local.get $m1)
              (i32x4.add (i32x4.add (i32x4.mul (local.get $a1) (local.get $x)) (i32x4.mul (local.get $c1) (local.get $y))) (local.get $b1))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $keys)))
        (v128.store (i32.add (local.get $out) (local.get $i)) (local.get $m0))
        (v128.store offset=16 (i32.add (local.get $out) (local.get $i)) (local.get $m1))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $eight)))

    ;; the rest, four rows per pass
    (block $fourDone
      (loop $four
        (br_if $fourDone (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $a0 (v128.load (i32.add (local.get $params) (local.get $i))))
        (local.set $b0 (v128.load (i32.add (local.get $b) (local.get $i))))
        (local.set $c0 (v128.load (i32.add (local.get $c) (local.get $i))))
        (local.set $m0 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $p (local.get $lo))
        (block $keysDone
          (loop $keys
            (br_if $keysDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $x (v128.load32_splat (local.get $p)))
            (local.set $y (v128.load32_splat (i32.add (local.get $p) (local.get $hiMinusLo))))
            (local.set $m0 (i32x4.min_u (local.get $m0)
              (i32x4.add (i32x4.add (i32x4.mul (local.get $a0) (local.get $x)) (i32x4.mul (local.get $c0) (local.get $y))) (local.get $b0))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $keys)))
        (v128.store (i32.add (local.get $out) (local.get $i)) (local.get $m0))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $four))))

  ;; One lane: 32-bit keys (hashBits 32), x_hi absent; hi is not read.
  (func (export "signature1")
    (param $lo i32) (param $hi i32) (param $n i32) (param $params i32) (param $k i32) (param $out i32)
    (local $bytes i32) (local $b i32) (local $i i32) (local $p i32) (local $end i32)
    (local $x v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    (local.set $bytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $b (i32.add (local.get $params) (local.get $bytes)))
    (local.set $end (i32.add (local.get $lo) (i32.shl (local.get $n) (i32.const 2))))

    ;; sixteen rows per pass
    (block $sixteenDone
      (loop $sixteen
        (br_if $sixteenDone (i32.gt_u (i32.add (local.get $i) (i32.const 64)) (local.get $bytes)))
        (local.set $a0 (v128.load (i32.add (local.get $params) (local.get $i))))
        (local.set $a1 (v128.load offset=16 (i32.add (local.get $params) (local.get $i))))
        (local.set $a2 (v128.load offset=32 (i32.add (local.get $params) (local.get $i))))
        (local.set $a3 (v128.load offset=48 (i32.add (local.get $params) (local.get $i))))
        (local.set $b0 (v128.load (i32.add (local.get $b) (local.get $i))))
        (local.set $b1 (v128.load offset=16 (i32.add (local.get $b) (local.get $i))))
        (local.set $b2 (v128.load offset=32 (i32.add (local.get $b) (local.get $i))))
        (local.set $b3 (v128.load offset=48 (i32.add (local.get $b) (local.get $i))))
        (local.set $m0 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $m1 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $m2 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $m3 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $p (local.get $lo))
        (block $keysDone
          (loop $keys
            (br_if $keysDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $x (v128.load32_splat (local.get $p)))
            (local.set $m0 (i32x4.min_u (local.get $m0) (i32x4.add (i32x4.mul (local.get $a0) (local.get $x)) (local.get $b0))))
            (local.set $m1 (i32x4.min_u (local.get $m1) (i32x4.add (i32x4.mul (local.get $a1) (local.get $x)) (local.get $b1))))
            (local.set $m2 (i32x4.min_u (local.get $m2) (i32x4.add (i32x4.mul (local.get $a2) (local.get $x)) (local.get $b2))))
            (local.set $m3 (i32x4.min_u (local.get $m3) (i32x4.add (i32x4.mul (local.get $a3) (local.get $x)) (local.get $b3))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $keys)))
        (v128.store (i32.add (local.get $out) (local.get $i)) (local.get $m0))
        (v128.store offset=16 (i32.add (local.get $out) (local.get $i)) (local.get $m1))
        (v128.store offset=32 (i32.add (local.get $out) (local.get $i)) (local.get $m2))
        (v128.store offset=48 (i32.add (local.get $out) (local.get $i)) (local.get $m3))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $sixteen)))

    ;; the rest, four rows per pass
    (block $fourDone
      (loop $four
        (br_if $fourDone (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $a0 (v128.load (i32.add (local.get $params) (local.get $i))))
        (local.set $b0 (v128.load (i32.add (local.get $b) (local.get $i))))
        (local.set $m0 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $p (local.get $lo))
        (block $keysDone
          (loop $keys
            (br_if $keysDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $x (v128.load32_splat (local.get $p)))
            (local.set $m0 (i32x4.min_u (local.get $m0) (i32x4.add (i32x4.mul (local.get $a0) (local.get $x)) (local.get $b0))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $keys)))
        (v128.store (i32.add (local.get $out) (local.get $i)) (local.get $m0))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $four))))

  ;; Shingle keys at two lanes, as shingleKeys (../shingles.ts) makes them: key i is
  ;; MurmurHash3_x86_32 of the n unit hashes i..i+n-1 (little-endian 32-bit words), seed 0 over the
  ;; low words into outLo and seed 1 over the high words into outHi. A vector holds shingles i..i+3,
  ;; whose j-th blocks are the four consecutive units from i+j: one unaligned load each. Keys are
  ;; made in whole vectors: up to three past `count`, reading up to three units past the last one
  ;; (the caller leaves room; those keys are not used).
  (func (export "shingles2")
    (param $lo i32) (param $hi i32) (param $count i32) (param $n i32) (param $outLo i32) (param $outHi i32)
    (local $i i32) (local $end i32) (local $p i32) (local $stop i32) (local $hiMinusLo i32)
    (local $h1 v128) (local $h2 v128) (local $k1 v128) (local $k2 v128) (local $len v128)
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (local.set $hiMinusLo (i32.sub (local.get $hi) (local.get $lo)))
    (local.set $len (i32x4.splat (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $shingle
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $h1 (v128.const i32x4 0 0 0 0))
        (local.set $h2 (v128.const i32x4 1 1 1 1))
        (local.set $p (i32.add (local.get $lo) (local.get $i)))
        (local.set $stop (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
        (block $blocksDone
          (loop $block
            (br_if $blocksDone (i32.ge_u (local.get $p) (local.get $stop)))
            ;; k = rotl(k * c1, 15) * c2; h = rotl(h ^ k, 13) * 5 + 0xe6546b64, in both lanes
            (local.set $k1 (i32x4.mul (v128.load (local.get $p)) (v128.const i32x4 0xcc9e2d51 0xcc9e2d51 0xcc9e2d51 0xcc9e2d51)))
            (local.set $k2 (i32x4.mul (v128.load (i32.add (local.get $p) (local.get $hiMinusLo))) (v128.const i32x4 0xcc9e2d51 0xcc9e2d51 0xcc9e2d51 0xcc9e2d51)))
            (local.set $k1 (i32x4.mul (v128.or (i32x4.shl (local.get $k1) (i32.const 15)) (i32x4.shr_u (local.get $k1) (i32.const 17)))
              (v128.const i32x4 0x1b873593 0x1b873593 0x1b873593 0x1b873593)))
            (local.set $k2 (i32x4.mul (v128.or (i32x4.shl (local.get $k2) (i32.const 15)) (i32x4.shr_u (local.get $k2) (i32.const 17)))
              (v128.const i32x4 0x1b873593 0x1b873593 0x1b873593 0x1b873593)))
            (local.set $h1 (v128.xor (local.get $h1) (local.get $k1)))
            (local.set $h2 (v128.xor (local.get $h2) (local.get $k2)))
            (local.set $h1 (i32x4.add (i32x4.mul (v128.or (i32x4.shl (local.get $h1) (i32.const 13)) (i32x4.shr_u (local.get $h1) (i32.const 19)))
              (v128.const i32x4 5 5 5 5)) (v128.const i32x4 0xe6546b64 0xe6546b64 0xe6546b64 0xe6546b64)))
            (local.set $h2 (i32x4.add (i32x4.mul (v128.or (i32x4.shl (local.get $h2) (i32.const 13)) (i32x4.shr_u (local.get $h2) (i32.const 19)))
              (v128.const i32x4 5 5 5 5)) (v128.const i32x4 0xe6546b64 0xe6546b64 0xe6546b64 0xe6546b64)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $block)))
        ;; the length (4n bytes), then fmix32: h ^= h >>> 16; h *= 0x85ebca6b; h ^= h >>> 13; h *= 0xc2b2ae35; h ^= h >>> 16
        (local.set $h1 (v128.xor (local.get $h1) (local.get $len)))
        (local.set $h2 (v128.xor (local.get $h2) (local.get $len)))
        (local.set $h1 (i32x4.mul (v128.xor (local.get $h1) (i32x4.shr_u (local.get $h1) (i32.const 16))) (v128.const i32x4 0x85ebca6b 0x85ebca6b 0x85ebca6b 0x85ebca6b)))
        (local.set $h2 (i32x4.mul (v128.xor (local.get $h2) (i32x4.shr_u (local.get $h2) (i32.const 16))) (v128.const i32x4 0x85ebca6b 0x85ebca6b 0x85ebca6b 0x85ebca6b)))
        (local.set $h1 (i32x4.mul (v128.xor (local.get $h1) (i32x4.shr_u (local.get $h1) (i32.const 13))) (v128.const i32x4 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35)))
        (local.set $h2 (i32x4.mul (v128.xor (local.get $h2) (i32x4.shr_u (local.get $h2) (i32.const 13))) (v128.const i32x4 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35)))
        (v128.store (i32.add (local.get $outLo) (local.get $i)) (v128.xor (local.get $h1) (i32x4.shr_u (local.get $h1) (i32.const 16))))
        (v128.store (i32.add (local.get $outHi) (local.get $i)) (v128.xor (local.get $h2) (i32x4.shr_u (local.get $h2) (i32.const 16))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $shingle)))))
