// _get is called for missing keys on instances.
class Dyn {
  function _get(key) { return "dyn:" + key }
}
local d = Dyn()
print(d.anything + " " + d["x"] + "\n")
//> dyn:anything dyn:x
---
// Existing members do not go through _get.
class Dyn {
  real = "real"
  function _get(key) { return "fake" }
}
print(Dyn().real + " " + Dyn().other + "\n")
//> real fake
---
// _get on a table delegate.
local t = { a = 1 }
t.setdelegate({ _get = function(key) { return key + "?" } })
print(t.a + " " + t.b + "\n")
//> 1 b?
---
// Throwing null from _get means "not found".
class Some {
  function _get(key) {
    if (key == "ok") return "yes"
    throw null
  }
}
local s = Some()
print(s.ok + "\n")
//> yes
print(s.missing) ### "the index 'missing' does not exist"
---
// Other errors thrown by _get propagate.
class Strict {
  function _get(key) { throw "no field " + key }
}
Strict().zzz ### "no field zzz"
