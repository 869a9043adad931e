// Static members belong to the class and are shared by all instances.
class Config {
  static VERSION = 3
  static NAME = "cfg"
  function version() { return VERSION }
}
print(Config.VERSION + " " + Config.NAME + "\n")
//> 3 cfg
print(Config().version() + " " + Config().VERSION + "\n")
//> 3 3
---
// Static members are inherited.
class A { static K = "k" }
class B extends A {}
print(B.K + " " + B().K + "\n")
//> k k
---
// Assigning through the class with = is not allowed.
class S { static X = 1 }
S.X = 2 ### "trying to set 'class'"
