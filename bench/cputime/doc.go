// Package cputime reads the CPU time of the running process, for
// benchmarks: they report it per operation (cpu-ns/op) beside wall time,
// because the machines they run on are shared and wall time is noisy.
package cputime
