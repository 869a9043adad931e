// The type of a caught error is whatever was thrown; runtime errors are strings.
local kinds = []
local tries = [
  function() { throw 1 },
  function() { throw 2.5 },
  function() { throw "s" },
  function() { throw [1] },
  function() { local x = null; x() }
]
foreach (f in tries) {
  try { f() } catch (e) { kinds.append(typeof e) }
}
local s = ""
foreach (k in kinds) s += k + " "
print(s + "|\n")
//> integer float string array string |
---
// The catch variable is local to the catch block.
local e = "outer"
try { throw "inner" } catch (e) { }
print(e + "\n")
//> outer
