// Using arrays as stacks and queues.
local stack = []
stack.push(1)
stack.push(2)
stack.push(3)
local s = ""
while (stack.len() > 0) s += stack.pop()
print(s + "\n")
//> 321
---
local queue = []
queue.append("a")
queue.append("b")
queue.append("c")
local s = ""
while (queue.len()) s += queue.remove(0)
print(s + "\n")
//> abc
---
// insert at the front.
local a = [3]
a.insert(0, 2)
a.insert(0, 1)
print(a[0] + "" + a[1] + a[2] + "\n")
//> 123
