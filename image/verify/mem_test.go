package verify

import "runtime"

// allocatedBytes returns the bytes f allocates, garbage or not: an upper
// bound on its peak heap.
func allocatedBytes(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}
