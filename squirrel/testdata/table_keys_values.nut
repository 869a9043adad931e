// Collecting keys and values (3.0.4 has no keys()/values(), so iterate).
local t = { x = 10, y = 20, z = 30 }
local keys = []
local total = 0
foreach (k, v in t) {
  keys.append(k)
  total += v
}
keys.sort()
print(keys[0] + keys[1] + keys[2] + " " + total + "\n")
//> xyz 60
---
// Tables do not have keys() in 3.0.4.
local t = { a = 1 }
t.keys() ### "the index 'keys' does not exist"
