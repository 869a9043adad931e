// Errors thrown by metamethods propagate to the caller.
class Checked {
  function _add(o) { throw "cannot add" }
  function _tostring() { return "Checked" }
}
try {
  local r = Checked() + 1
} catch (e) {
  print(e + "\n")
}
//> cannot add
---
// An error inside a sort comparator propagates out of sort.
local a = [3, 1, 2]
try {
  a.sort(function(x, y) { throw "cmp failed" })
} catch (e) {
  print(e + "\n")
}
//> cmp failed
---
// An error inside a _get metamethod.
local t = {}
t.setdelegate({ _get = function(k) { throw "no " + k } })
try {
  local v = t.key
} catch (e) {
  print(e + "\n")
}
//> no key
