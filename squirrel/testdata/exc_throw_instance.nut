// Throwing class instances lets handlers inspect the error.
class MyError {
  msg = null
  code = 0
  constructor(m, c) { msg = m; code = c }
}
class NotFound extends MyError {}
function lookup(k) { throw NotFound("missing " + k, 404) }
try {
  lookup("x")
} catch (e) {
  if (e instanceof NotFound) print("not found: " + e.msg + " " + e.code + "\n")
  else print("other\n")
}
//> not found: missing x 404
---
// Rethrowing errors that a handler does not deal with.
class A {}
class B {}
function handle(err) {
  try {
    throw err
  } catch (e) {
    if (e instanceof A) return "handled A"
    throw e
  }
}
print(handle(A()) + "\n")
//> handled A
try {
  handle(B())
} catch (e) {
  print((e instanceof B) + "\n")
}
//> true
