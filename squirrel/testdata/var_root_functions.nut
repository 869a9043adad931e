// Functions declared with 'function' at top level are root table slots and
// can be replaced.
function greet() { return "v1" }
print(greet() + "\n")
//> v1
greet = function() { return "v2" }
print(greet() + "\n")
//> v2
---
// A global function can be deleted from the root table.
function temp() { return 1 }
delete ::temp
print(("temp" in getroottable()) + "\n")
//> false
---
// Root slots can be created from inside functions with ::.
function setup() { ::configured <- true }
setup()
print(configured + "\n")
//> true
