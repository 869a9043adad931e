// A small bank account model using classes, statics and exceptions.
class InsufficientFunds {
  needed = 0
  constructor(n) { needed = n }
}
class Account {
  static count = [0]
  owner = null
  balance = 0
  constructor(o, initial = 0) {
    owner = o
    balance = initial
    count[0]++
  }
  function deposit(x) {
    if (x <= 0) throw "invalid amount"
    balance += x
    return this
  }
  function withdraw(x) {
    if (x > balance) throw InsufficientFunds(x - balance)
    balance -= x
    return this
  }
  function _tostring() { return owner + ":" + balance }
}
local a = Account("ann", 100)
local b = Account("bob")
a.deposit(50).withdraw(30)
b.deposit(10)
print(a + " " + b + " " + Account.count[0] + "\n")
//> ann:120 bob:10 2
try {
  b.withdraw(25)
} catch (e) {
  if (e instanceof InsufficientFunds) print("short by " + e.needed + "\n")
}
//> short by 15
try {
  a.deposit(-1)
} catch (e) {
  print(e + "\n")
}
//> invalid amount
print(b + "\n")
//> bob:10
