// getinfos describes a Squirrel function.
function sample(a, b = 1, c = 2) { return a }
local info = sample.getinfos()
print(info.name + "\n")
//> sample
print(info.native + "\n")
//> false
print(info.parameters.len() + " " + info.parameters[0] + " " + info.parameters[1] + "\n")
//> 4 this a
print(info.defparams.len() + " " + info.defparams[0] + " " + info.defparams[1] + "\n")
//> 2 1 2
print(info.varargs + "\n")
//> false
---
function va(x, ...) {}
local info = va.getinfos()
print(info.parameters[1] + " " + info.parameters.top() + " " + info.varargs + "\n")
//> x ... true
---
// Native functions report native = true.
local info = print.getinfos()
print(info.native + " " + info.name + "\n")
//> true print
