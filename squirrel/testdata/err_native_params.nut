// Native functions check the types of their arguments.
local a = [1, 2, 3]
a.slice("x") ### "parameter 1 has an invalid type 'string' ; expected: 'integer.float'"
---
"abc".find(5) ### "parameter 1 has an invalid type 'integer' ; expected: 'string'"
---
local a = [3, 1]
a.sort(5) ### "has an invalid type"
---
local a = [1]
a.map("not a function") ### "has an invalid type"
---
split("a,b", 1) ### "has an invalid type"
