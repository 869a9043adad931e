// Class and member attributes.
class Widget </ kind = "ui", version = 2 /> {
  </ label = "Width" /> width = 10
  </ label = "Draw", hidden = true /> function draw() {}
  plain = 0
}
local ca = Widget.getattributes(null)
print(ca.kind + " " + ca.version + "\n")
//> ui 2
print(Widget.getattributes("width").label + "\n")
//> Width
print(Widget.getattributes("draw").hidden + "\n")
//> true
print(Widget.getattributes("plain") + "\n")
//> null
---
// setattributes replaces them and returns the previous ones.
class W { </ a = 1 /> f = 0 }
local old = W.setattributes("f", { a = 2 })
print(old.a + " " + W.getattributes("f").a + "\n")
//> 1 2
---
// A class without attributes.
class Z {}
print(Z.getattributes(null) + "\n")
//> null
---
// Asking for a member that does not exist is an error.
class Z { a = 1 }
Z.getattributes("nosuch") ### "wrong index"
