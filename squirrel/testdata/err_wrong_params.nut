// Too few arguments.
function f(a, b, c) { return a }
f(1, 2) ### "wrong number of parameters"
---
// Too many arguments.
local g = @(x) x
g(1, 2) ### "wrong number of parameters"
---
// Native functions check their argument counts too.
local a = [1, 2]
a.insert(0) ### "wrong number of parameters"
---
local b = []
b.push() ### "wrong number of parameters"
---
// Methods called with the wrong count.
class C { function m(x) {} }
C().m() ### "wrong number of parameters"
---
// Caught like any other error.
function h(a) {}
try { h() } catch (e) { print(e + "\n") }
//> wrong number of parameters
