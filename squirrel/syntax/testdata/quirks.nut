// Corner cases of 3.0.4 that the parser must follow.
a <- 1
b <- a
-1          // a binary minus across the line feed: b <- a - 1
f <- @(x) x
(2)         // a call across the line feed: the lambda body is x(2)
c <- [1 2 3]
d <- { x = 1 y = 2 }
e <- -2147483648
g <- 4294967296
h <- 0777 + 'A' + '\x41'
k <- 1.2.3
m <- x in y | z
function G::H() { return __LINE__ }
class ::K extends G </ a = 1 /> { function _get(idx) { throw null } }
if (a) {
} else {
};
;
local x = function() {}
(3)         // and here the function is called with 3
while (false) {}
(4)         // but a loop body block ends the statement
