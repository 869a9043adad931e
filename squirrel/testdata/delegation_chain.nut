// Method lookup through a delegate chain: 'this' is the original table.
local animal = {
  describe = function() { return this.name + " the " + this.kind() }
  kind = function() { return "animal" }
}
local dog = { kind = function() { return "dog" } }
dog.setdelegate(animal)
local rex = { name = "Rex" }
rex.setdelegate(dog)
print(rex.describe() + "\n")
//> Rex the dog
---
// Default delegate methods are still found on tables with a delegate.
local t = { a = 1 }
t.setdelegate({ b = 2 })
print(t.len() + " " + t.rawin("b") + "\n")
//> 1 false
---
// A delegate's _get sees keys missing from both the table and the delegate.
local calls = 0
local d = { known = "k", _get = function(key) { calls++; return "?" + key } }
local t = {}
t.setdelegate(d)
print(t.known + " " + t.unknown + " " + calls + "\n")
//> k ?unknown 1
