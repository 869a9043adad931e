// More compile errors.
local t = { a 1 } ### "expected '='"
---
local f = function(a, a2 { } ### "expected '.' or ','"
---
class C { x } ### "expected '='"
---
enum E { A = [] } ### "scalar expected"
