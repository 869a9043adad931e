// A linked list built from class instances.
class Node {
  value = null
  next = null
  constructor(v, n = null) { value = v; next = n }
}
class List {
  head = null
  size = 0
  function push(v) { head = Node(v, head); size++; return this }
  function reverse() {
    local prev = null
    local cur = head
    while (cur != null) {
      local nxt = cur.next
      cur.next = prev
      prev = cur
      cur = nxt
    }
    head = prev
  }
  function join() {
    local s = ""
    for (local n = head; n != null; n = n.next) s += n.value
    return s
  }
}
local l = List()
l.push(1).push(2).push(3)
print(l.join() + " " + l.size + "\n")
//> 321 3
l.reverse()
print(l.join() + "\n")
//> 123
