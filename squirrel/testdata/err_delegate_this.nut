// A default-delegate function taken out of its value and called with
// another this is refused, not misapplied.
class A {}
local b = A()
local f = b.getclass
print(typeof f + "\n")
//> function
f() ### "parameter 0 has an invalid type 'table' ; expected: 'instance'"
---
local len = [1, 2, 3].len
print(len.call([4, 5]) + "\n")
//> 2
len.call("abc") ### "parameter 0 has an invalid type 'string' ; expected: 'array'"
---
local tf = (5).tofloat
print(tf.call(true) + "\n")
//> 1
tf.call("x") ### "expected: 'integer\|float\|bool'"
