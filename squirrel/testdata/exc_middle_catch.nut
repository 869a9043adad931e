// An error is caught by the nearest enclosing handler up the call chain.
local log = []
function inner() { throw "boom" }
function middle() {
  try {
    inner()
  } catch (e) {
    log.append("middle caught " + e)
    return "recovered"
  }
}
function outer() {
  try {
    return middle()
  } catch (e) {
    log.append("outer caught")
    return "failed"
  }
}
print(outer() + "\n")
//> recovered
print(log.len() + " " + log[0] + "\n")
//> 1 middle caught boom
