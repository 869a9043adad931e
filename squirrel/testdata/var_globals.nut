// <- creates a slot in the root table; = updates an existing one.
g <- 1
print(g + "\n")
//> 1
g = 2
print(g + "\n")
//> 2
print(::g + "\n")
//> 2
---
// Assigning a global that does not exist is an error.
undefined_global = 3 ### "the index 'undefined_global' does not exist"
---
// Reading a global that does not exist is an error.
print(nope) ### "the index 'nope' does not exist"
---
// Globals are visible inside functions.
counter <- 0
function bump() { counter++ }
bump()
bump()
print(counter + "\n")
//> 2
---
// A global assigned from inside a function must already exist.
function setit() { brandnew = 1 }
setit() ### "the index 'brandnew' does not exist"
---
// <- inside a function on an undeclared name creates a global slot
// when the function runs with the root table as 'this'.
function make() { made <- 42 }
make()
print(made + "\n")
//> 42
