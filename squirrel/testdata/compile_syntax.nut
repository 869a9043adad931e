// Assorted syntax errors with the reference compiler's messages.
local 5 = 3 ### "expected 'IDENTIFIER'"
---
if (true { } ### "expected '.'"
---
function f(a b) {} ### "expected '.' or ','"
---
local a = [1, 2
local b = 1 ### "expression expected"
---
local t = {}
local v = t
[0] ### "cannot brake deref/or comma needed after .exp.=exp slot declaration"
---
local x = a..b ### "invalid token '..'"
---
foreach (x on [1]) {} ### "expected 'in'"
---
class { } ### "invalid class name"
