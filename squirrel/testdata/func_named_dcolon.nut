// function a::b() adds a function to an existing table.
lib <- {}
function lib::hello(n) { return "hello " + n }
print(lib.hello("x") + "\n")
//> hello x
---
// Several levels.
outer <- { inner = {} }
function outer::inner::f() { return "deep" }
print(outer.inner.f() + "\n")
//> deep
---
// 'this' inside such a function is the table it was called through.
obj <- { v = 5 }
function obj::get() { return this.v }
print(obj.get() + "\n")
//> 5
---
// A function statement at top level creates a global.
function topfn() { return 1 }
print(("topfn" in getroottable()) + "\n")
//> true
---
// The table must exist.
function missing::f() {} ### "the index 'missing' does not exist"
