/*===- Start.c - the entry point of a freestanding Hexagon program -------===*\
|*                                                                        *|
|* The kernel (qemu-hexagon) starts the program at _start with the stack  *|
|* pointer r29 on argc, followed by the argv pointers. _start passes them *|
|* to main and exits with its result; there is no libc to initialize.     *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#include "runtime/hexagon/Syscalls.h"

int main(int argc, char **argv);

void mnv4_hexagon_start(int argc, char **argv) {
  mnv4_sys_exit(main(argc, argv));
}

__asm__(".text\n"
        ".globl _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "  r0 = memw(r29 + #0)\n"
        "  r1 = add(r29, #4)\n"
        "  r29 = and(r29, #-128)\n" /* HVX spill slots want 128 bytes */
        "  jump mnv4_hexagon_start\n"
        ".size _start, . - _start\n");
