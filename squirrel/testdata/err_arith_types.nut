// Arithmetic between unsupported types.
local a = [1]
local r = a - 1 ### "arith op - on between 'array' and 'integer'"
---
local r = null + 1 ### "arith op . on between 'null' and 'integer'"
---
local t = true
local r = t * 2 ### "arith op . on between 'bool' and 'integer'"
---
local r = 1 / {} ### "arith op / on between 'integer' and 'table'"
---
// + with a string on either side never fails.
local r = "s" + [1].len() + null + {}.len()
print(r + "\n")
//> s1null0
