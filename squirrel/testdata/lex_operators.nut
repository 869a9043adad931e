// Multi-character operators are read greedily.
local a = 5
local b = 2
print((a<=b) + " " + (a>=b) + " " + (a==b) + " " + (a!=b) + "\n")
//> false true false true
print((a<<b) + " " + (a>>b) + " " + (-a>>>28) + "\n")
//> 20 1 15
print((a<=>b) + "\n")
//> 1
---
// Operators without spaces around them.
local x=3*4+2-1/1%5
print(x + "\n")
//> 13
local t={}
t.k<-1
t.k+=2
print(t.k + "\n")
//> 3
