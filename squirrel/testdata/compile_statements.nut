// In 3.0.4 a statement after an if's block on the same line needs a
// separator.
local x = 0
if (x == 0) { x = 1 } x = 2 ### "end of statement expected"
---
// A local cannot be named like a keyword.
local class = 1 ### "expected 'IDENTIFIER'"
---
// return at top level is allowed and ends the script.
print("a\n")
//> a
return
print("b\n")
---
// Empty statements are allowed.
;;
print("ok\n")
//> ok
