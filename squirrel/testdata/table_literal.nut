// Table literals: identifier keys, computed keys and JSON-style keys.
local t = { a = 1, b = "two", ["c" + "d"] = 3, [10] = "ten", "json key": 4 }
print(t.a + " " + t.b + " " + t.cd + " " + t[10] + " " + t["json key"] + "\n")
//> 1 two 3 ten 4
---
// Entries may be separated by newlines instead of commas.
local t = {
  x = 1
  y = 2
  z = 3
}
print((t.x + t.y + t.z) + "\n")
//> 6
---
// Functions inside table literals.
local t = {
  v = 21
  function twice() { return v * 2 }
  half = function() { return this.v / 3 }
}
print(t.twice() + " " + t.half() + "\n")
//> 42 7
---
// Nested tables.
local t = { inner = { deep = { value = "found" } } }
print(t.inner.deep.value + "\n")
//> found
print(t["inner"]["deep"]["value"] + "\n")
//> found
---
// Keys of different types are distinct.
local t = {}
t[1] <- "int"
t["1"] <- "string"
t[1.5] <- "float"
t[true] <- "bool"
print(t[1] + " " + t["1"] + " " + t[1.5] + " " + t[true] + "\n")
//> int string float bool
print(t.len() + "\n")
//> 4
