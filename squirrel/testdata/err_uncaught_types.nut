// Output printed before an uncaught error is kept.
print("line 1\n")
//> line 1
print("line 2\n")
//> line 2
local t = {}
t.oops ### "the index 'oops' does not exist"
---
// Errors raised inside nested calls report the original message.
function a() { return b() }
function b() { return [].top() }
a() ### "top.. on a empty array"
---
// A thrown string is the error message.
function check(x) { if (x < 0) throw "negative: " + x }
check(1)
print("checked\n")
//> checked
check(-3) ### "negative: -3"
