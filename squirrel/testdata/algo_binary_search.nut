// Binary search over a sorted array.
function bsearch(arr, x) {
  local lo = 0
  local hi = arr.len() - 1
  while (lo <= hi) {
    local mid = (lo + hi) / 2
    if (arr[mid] == x) return mid
    if (arr[mid] < x) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
local a = [1, 3, 5, 7, 9, 11, 13]
print(bsearch(a, 7) + " " + bsearch(a, 1) + " " + bsearch(a, 13) + " " + bsearch(a, 4) + "\n")
//> 3 0 6 -1
