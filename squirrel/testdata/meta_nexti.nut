// _nexti lets foreach iterate an instance: it receives the previous index
// (null at the start) and returns the next one, or null to stop. The value
// is then read with the index through _get.
class Range {
  lo = 0
  hi = 0
  constructor(a, b) { lo = a; hi = b }
  function _nexti(prev) {
    if (prev == null) return lo < hi ? lo : null
    return prev + 1 < hi ? prev + 1 : null
  }
  function _get(idx) { return idx * idx }
}
foreach (i, v in Range(2, 5)) print(i + ":" + v + "\n")
//> 2:4
//> 3:9
//> 4:16
---
// Iterating over named fields.
class Fields {
  a = "A"
  b = "B"
  function _nexti(prev) {
    if (prev == null) return "a"
    if (prev == "a") return "b"
    return null
  }
}
foreach (k, v in Fields()) print(k + "=" + v + "\n")
//> a=A
//> b=B
---
// An index that cannot be read is an error.
class Broken {
  function _nexti(prev) { return prev == null ? "nosuch" : null }
}
foreach (k, v in Broken()) print(k) ### "_nexti returned an invalid idx"
