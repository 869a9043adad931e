// Missing keys report the key in the message.
local t = { a = 1 }
t.b ### "the index 'b' does not exist"
---
local t = {}
t[5] ### "the index '5' does not exist"
---
local t = {}
t[2.5] ### "the index '2.5' does not exist"
---
// Calling a missing method.
local t = {}
t.nomethod() ### "the index 'nomethod' does not exist"
---
// Missing global function.
undefined_function(1) ### "the index 'undefined_function' does not exist"
---
// Missing member of a class.
class C {}
C.nothing ### "the index 'nothing' does not exist"
