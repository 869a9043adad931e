// Nested try blocks: the innermost handler catches.
try {
  try {
    throw "inner"
  } catch (e) {
    print("inner handler: " + e + "\n")
  }
  print("after inner\n")
} catch (e) {
  print("outer handler\n")
}
//> inner handler: inner
//> after inner
---
// Rethrowing from a catch block reaches the outer handler.
try {
  try {
    throw "first"
  } catch (e) {
    throw e + "+again"
  }
} catch (e2) {
  print(e2 + "\n")
}
//> first+again
---
// An error inside a catch block propagates.
try {
  try {
    throw 1
  } catch (e) {
    local t = {}
    t.missing
  }
} catch (e) {
  print(e + "\n")
}
//> the index 'missing' does not exist
---
// Errors unwind through function calls.
function level3() { throw "deep" }
function level2() { level3() }
function level1() { level2() }
try {
  level1()
} catch (e) {
  print("caught " + e + "\n")
}
//> caught deep
---
// An error in a catch block with no outer handler is uncaught.
try {
  throw "a"
} catch (e) {
  throw "b from catch" ### "b from catch"
}
