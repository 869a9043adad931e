// An event emitter with callbacks held in a table of arrays.
class Emitter {
  handlers = null
  constructor() { handlers = {} }
  function on(name, fn) {
    if (!(name in handlers)) handlers[name] <- []
    handlers[name].append(fn)
  }
  function emit(name, data) {
    if (!(name in handlers)) return 0
    foreach (fn in handlers[name]) fn(data)
    return handlers[name].len()
  }
}
local e = Emitter()
local log = []
e.on("msg", @(d) log.append("first:" + d))
e.on("msg", @(d) log.append("second:" + d))
e.on("other", @(d) log.append("other:" + d))
print(e.emit("msg", "hi") + " " + e.emit("none", 1) + "\n")
//> 2 0
foreach (l in log) print(l + "\n")
//> first:hi
//> second:hi
