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
        (br $four)))))
