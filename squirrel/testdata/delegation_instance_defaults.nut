// Instances have a small default delegate: getclass, rawget, rawset,
// rawin, weakref and tostring.
class C { x = 1 }
local c = C()
print((c.getclass() == C) + " " + c.rawget("x") + " " + c.rawin("x") + "\n")
//> true 1 true
print(typeof c.weakref() + "\n")
//> weakref
---
// Members with the same names take precedence.
class D {
  function getclass() { return "mine" }
}
print(D().getclass() + "\n")
//> mine
---
// Classes have their own default delegate.
class E { a = 1 }
print(E.rawin("a") + " " + typeof E.instance() + " " + E.getbase() + "\n")
//> true instance null
