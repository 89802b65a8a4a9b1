/*===- Syscalls.h - Linux system calls of a freestanding Hexagon program -===*\
|*                                                                        *|
|* No libc exists for Hexagon in Debian: the harness calls the kernel (or *|
|* qemu-hexagon's user-mode emulation of it) itself. The number goes in   *|
|* r6, the arguments in r0..r5, `trap0(#1)` traps, the result comes back  *|
|* in r0 (negative: -errno). Numbers are the generic Linux table's.       *|
|* ../shared/docs/backends-execution.md section 5.2; docs/hexagon.md.     *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#ifndef MNV4_RUNTIME_HEXAGON_SYSCALLS_H
#define MNV4_RUNTIME_HEXAGON_SYSCALLS_H

enum {
  MNV4_SYS_OPENAT = 56,
  MNV4_SYS_CLOSE = 57,
  MNV4_SYS_READ = 63,
  MNV4_SYS_WRITE = 64,
  MNV4_SYS_EXIT_GROUP = 94,
  MNV4_SYS_MMAP = 222,
};

enum {
  MNV4_AT_FDCWD = -100,
  MNV4_O_RDONLY = 0,
  MNV4_O_WRONLY = 01,
  MNV4_O_CREAT = 0100,
  MNV4_O_TRUNC = 01000,
  MNV4_PROT_READ_WRITE = 3,
  MNV4_MAP_PRIVATE_ANONYMOUS = 0x22,
};

static inline long mnv4_syscall6(long n, long a, long b, long c, long d, long e,
                                 long f) {
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  register long r4 __asm__("r4") = e;
  register long r5 __asm__("r5") = f;
  register long r6 __asm__("r6") = n;
  __asm__ volatile("trap0(#1)"
                   : "+r"(r0)
                   : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6)
                   : "memory");
  return r0;
}

static inline long mnv4_sys_openat(const char *path, long flags, long mode) {
  return mnv4_syscall6(MNV4_SYS_OPENAT, MNV4_AT_FDCWD, (long)path, flags, mode,
                       0, 0);
}

static inline long mnv4_sys_close(long fd) {
  return mnv4_syscall6(MNV4_SYS_CLOSE, fd, 0, 0, 0, 0, 0);
}

static inline long mnv4_sys_read(long fd, void *buffer, long size) {
  return mnv4_syscall6(MNV4_SYS_READ, fd, (long)buffer, size, 0, 0, 0);
}

static inline long mnv4_sys_write(long fd, const void *buffer, long size) {
  return mnv4_syscall6(MNV4_SYS_WRITE, fd, (long)buffer, size, 0, 0, 0);
}

/* Zeroed, page-aligned memory; NULL when the kernel refuses. */
static inline void *mnv4_sys_mmap(long size) {
  long p = mnv4_syscall6(MNV4_SYS_MMAP, 0, size, MNV4_PROT_READ_WRITE,
                         MNV4_MAP_PRIVATE_ANONYMOUS, -1, 0);
  return p < 0 && p > -4096 ? (void *)0 : (void *)p;
}

static inline __attribute__((noreturn)) void mnv4_sys_exit(long code) {
  mnv4_syscall6(MNV4_SYS_EXIT_GROUP, code, 0, 0, 0, 0, 0);
  for (;;) {
  }
}

#endif /* MNV4_RUNTIME_HEXAGON_SYSCALLS_H */
