// New members can be added to a class with <- before it is instantiated.
class C { a = 1 }
C.b <- 2
C.hello <- function() { return "hello " + b }
local c = C()
print(c.a + " " + c.b + " " + c.hello() + "\n")
//> 1 2 hello 2
---
// After an instance exists, new fields cannot be added...
class C { a = 1 }
local c = C()
C.later <- 5 ### "trying to modify a class that has already been instantiated"
---
// ...but methods can still be added or replaced.
class C { function f() { return "old" } }
local c = C()
C.f <- function() { return "new" }
C.g <- function() { return "g" }
print(c.f() + " " + c.g() + "\n")
//> new g
---
// <- on an existing field changes its default value.
class C { a = 1 }
C.a <- 100
print(C().a + "\n")
//> 100
---
// newmember and rawnewmember add members too.
class C {}
C.newmember("x", 5)
C.rawnewmember("y", 6)
local c = C()
print(c.x + c.y + "\n")
//> 11
