// _call makes instances callable. Its first parameter receives the 'this'
// of the call, then come the arguments.
class Adder {
  base_ = 0
  constructor(b) { base_ = b }
  function _call(ctx, a, b) { return base_ + a + b }
}
local add10 = Adder(10)
print(add10(1, 2) + "\n")
//> 13
---
// Tables with a _call in their delegate are callable too.
local t = { greeting = "hey" }
t.setdelegate({ _call = function(ctx, name) { return this.greeting + " " + name } })
print(t("you") + "\n")
//> hey you
---
// Without _call an instance is not callable.
class NotCallable {}
local n = NotCallable()
n() ### "attempt to call 'instance'"
---
// A table without delegate is not callable.
local t = {}
t() ### "attempt to call 'table'"
