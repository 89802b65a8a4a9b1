/*===- Driver.c - mnv4-run's program around a Hexagon model object -------===*\
|*                                                                        *|
|* The same command line as the aarch64 driver of mnv4-run's emulated     *|
|* engine (tools/mnv4-run/EmulatedEngine.cpp):                            *|
|*   runner IN OUT ARENA_BYTES INPUT_SIZE OUTPUT_SIZE...                  *|
|* reads IN (the ABI's float32 input, INPUT_SIZE floats), calls the       *|
|* model's packed entry point once on one thread and writes the outputs,  *|
|* float32, concatenated to OUT. Exit codes: 2 usage, 4 an I/O or memory  *|
|* failure, with a message on stderr.                                     *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#include "runtime/hexagon/Syscalls.h"

#include <stdint.h>

void mnv4_model_run_packed(void **args);

enum { kMaxOutputs = 64 };

static long length(const char *s) {
  long n = 0;
  while (s[n])
    ++n;
  return n;
}

static int fail(const char *what, const char *path) {
  mnv4_sys_write(2, what, length(what));
  if (path) {
    mnv4_sys_write(2, " ", 1);
    mnv4_sys_write(2, path, length(path));
  }
  mnv4_sys_write(2, "\n", 1);
  return 4;
}

/* A decimal count; -1 for anything else. */
static long long parseCount(const char *s) {
  long long n = 0;
  if (!*s)
    return -1;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9' || n > (1LL << 40))
      return -1;
    n = n * 10 + (*s - '0');
  }
  return n;
}

static void *allocate(long long bytes) {
  /* mmap returns zeroed pages; the arena's 64-byte alignment holds. */
  if (bytes > 0x7fffffffLL)
    return 0;
  return mnv4_sys_mmap(bytes > 0 ? (long)bytes : 1);
}

static int transfer(long fd, char *data, long long bytes, int write) {
  while (bytes > 0) {
    long chunk = bytes > (1 << 20) ? (1 << 20) : (long)bytes;
    long done = write ? mnv4_sys_write(fd, data, chunk)
                      : mnv4_sys_read(fd, data, chunk);
    if (done <= 0)
      return 0;
    data += done;
    bytes -= done;
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 6 || argc - 5 > kMaxOutputs)
    return 2;
  long long arenaBytes = parseCount(argv[3]), inputSize = parseCount(argv[4]);
  int numOutputs = argc - 5;
  long long outputSizes[kMaxOutputs];
  for (int i = 0; i < numOutputs; ++i)
    if ((outputSizes[i] = parseCount(argv[5 + i])) < 0)
      return 2;
  if (arenaBytes < 0 || inputSize < 0)
    return 2;

  /* input, outputs, arena, and a NULL thread pool: one thread. */
  void *args[kMaxOutputs + 3];
  args[0] = allocate(inputSize * 4);
  for (int i = 0; i < numOutputs; ++i)
    args[1 + i] = allocate(outputSizes[i] * 4);
  args[1 + numOutputs] = allocate(arenaBytes);
  args[2 + numOutputs] = 0;
  for (int i = 0; i < numOutputs + 2; ++i)
    if (!args[i])
      return fail("out of memory", 0);

  long in = mnv4_sys_openat(argv[1], MNV4_O_RDONLY, 0);
  if (in < 0 || !transfer(in, args[0], inputSize * 4, 0))
    return fail("cannot read the input", argv[1]);
  mnv4_sys_close(in);

  mnv4_model_run_packed(args);

  long out = mnv4_sys_openat(argv[2],
                             MNV4_O_WRONLY | MNV4_O_CREAT | MNV4_O_TRUNC, 0644);
  if (out < 0)
    return fail("cannot write the output", argv[2]);
  for (int i = 0; i < numOutputs; ++i)
    if (!transfer(out, args[1 + i], outputSizes[i] * 4, 1))
      return fail("cannot write the output", argv[2]);
  return mnv4_sys_close(out) == 0 ? 0 : fail("cannot write", argv[2]);
}
