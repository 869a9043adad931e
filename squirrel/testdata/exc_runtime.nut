// Runtime errors are caught as strings.
try {
  local t = {}
  t.x
} catch (e) {
  print(typeof e + ": " + e + "\n")
}
//> string: the index 'x' does not exist
---
try {
  local f = null
  f()
} catch (e) {
  print(e + "\n")
}
//> attempt to call 'null'
---
// Errors raised by native functions too.
try {
  [].pop()
} catch (e) {
  print(e + "\n")
}
//> empty array
---
try {
  "abc".tofloat()
} catch (e) {
  print(e + "\n")
}
//> cannot convert the string
---
try {
  assert(1 == 2)
} catch (e) {
  print(e + "\n")
}
//> assertion failed
