// try/catch catches thrown values of any type.
try {
  throw "message"
} catch (e) {
  print("caught " + e + "\n")
}
//> caught message
---
try { throw 42 } catch (e) { print((e + 1) + "\n") }
//> 43
---
try { throw { code = 7 } } catch (e) { print(e.code + "\n") }
//> 7
---
try { throw [1, 2] } catch (e) { print(e.len() + "\n") }
//> 2
---
try { throw null } catch (e) { print(e + "\n") }
//> null
---
// Execution continues after the try/catch.
local steps = []
try {
  steps.append("a")
  throw "x"
  steps.append("never")
} catch (e) {
  steps.append("b")
}
steps.append("c")
print(steps.len() + " " + steps[0] + steps[1] + steps[2] + "\n")
//> 3 abc
---
// An uncaught throw stops the script with its message.
print("start\n")
//> start
throw "fatal problem" ### "fatal problem"
