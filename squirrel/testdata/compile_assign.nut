// Assignments need an assignable left side.
1 = 2 ### "can't assign expression"
---
local a = 1
(a + 1) = 3 ### "can't assign expression"
---
// <- cannot create a local.
local x = 1
x <- 2 ### "can't 'create' a local slot"
---
// ++ needs an assignable operand.
++(1 + 2) ### "can't '..' or '--' an expression"
