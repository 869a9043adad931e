// A stack class with _nexti iteration and _tostring.
class Stack {
  items = null
  constructor() { items = [] }
  function push(v) { items.push(v); return this }
  function pop() { return items.pop() }
  function peek() { return items.top() }
  function size() { return items.len() }
  function _nexti(prev) {
    local i = prev == null ? 0 : prev + 1
    return i < items.len() ? i : null
  }
  function _get(i) { return items[items.len() - 1 - i] }
  function _tostring() {
    local s = "["
    foreach (i, v in this) s += (i ? " " : "") + v
    return s + "]"
  }
}
local st = Stack()
st.push(1).push(2).push(3)
print(st + " " + st.size() + " " + st.peek() + "\n")
//> [3 2 1] 3 3
st.pop()
print(st + "\n")
//> [2 1]
