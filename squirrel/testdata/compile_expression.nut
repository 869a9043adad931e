// Compile errors stop the chunk before anything runs.
print("never printed\n")
local x = ; ### "expression expected"
---
local y = (1 + ) ### "expression expected"
---
local t = { a = } ### "expression expected"
---
f(1,) ### "expression expected, found '.'"
