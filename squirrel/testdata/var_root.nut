// :: always refers to the root table.
::x <- 10
local x = 20
print(x + " " + ::x + "\n")
//> 20 10
---
// getroottable() returns the same table.
local rt = getroottable()
rt.y <- 5
print(y + " " + ::y + "\n")
//> 5 5
print(("y" in rt) + "\n")
//> true
print((rt == getroottable()) + "\n")
//> true
---
// Inside a method 'this' is the instance, but :: still reaches the root.
::name <- "root"
class C {
  name = "member"
  function get() { return name + "/" + ::name }
}
print(C().get() + "\n")
//> member/root
---
// Built-in functions live in the root table.
print(("print" in getroottable()) + "\n")
//> true
print(typeof ::print + "\n")
//> function
