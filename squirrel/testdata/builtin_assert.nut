// assert passes on true values and fails on false ones.
assert(true)
assert(1)
assert("x")
print("ok\n")
//> ok
---
assert(false) ### "assertion failed"
---
assert(0) ### "assertion failed"
---
assert(null) ### "assertion failed"
---
local x = 5
print("before\n")
//> before
assert(x == 6) ### "assertion failed"
