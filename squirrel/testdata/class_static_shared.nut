// A static table or array is shared by the class, its instances and
// subclasses; mutating it is visible everywhere.
class Registry {
  static entries = []
  function add(x) { entries.append(x) }
}
class Sub extends Registry {}
Registry().add("a")
Sub().add("b")
print(Registry.entries.len() + " " + Sub.entries[1] + "\n")
//> 2 b
---
// Counting instances through a static array.
class Counted {
  static made = [0]
  constructor() { made[0]++ }
}
Counted()
Counted()
Counted()
print(Counted.made[0] + "\n")
//> 3
