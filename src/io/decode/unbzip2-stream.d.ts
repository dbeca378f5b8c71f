// unbzip2-stream ships no types: a factory for an old-style `through` stream.
declare module "unbzip2-stream" {
  export default function unbzip2Stream(): unknown;
}
