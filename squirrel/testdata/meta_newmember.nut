// _newmember is called for each member added to a class that has it
// (here inherited from the base); rawnewmember really adds the member.
::added <- []
class Base {
  function _newmember(key, value, attrs, isstatic) {
    ::added.append(key)
    this.rawnewmember(key, value, attrs, isstatic)
  }
}
class Derived extends Base {
  x = 1
  function f() { return 2 }
}
print(::added.len() + " " + ::added[0] + " " + ::added[1] + "\n")
//> 2 x f
local d = Derived()
print(d.x + d.f() + "\n")
//> 3
---
// If _newmember does not add the member, it is not there.
class Base {
  function _newmember(key, value, attrs, isstatic) {}
}
class Derived extends Base {
  y = 1
}
print(Derived.rawin("y") + "\n")
//> false
---
// newmember() goes through _newmember; <- on the class does not.
::seen <- ""
class K {
  function _newmember(key, value, attrs, isstatic) { ::seen += key; this.rawnewmember(key, value, attrs, isstatic) }
}
K.direct <- 5
K.newmember("viameta", 6)
print(::seen + " " + K.direct + " " + K.viameta + "\n")
//> viameta 5 6
