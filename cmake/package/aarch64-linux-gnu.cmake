# A CMake toolchain file for aarch64 Linux with clang-22 and lld against
# Debian's cross libc; programs run under qemu-aarch64
# (cmake -DCMAKE_TOOLCHAIN_FILE=<prefix>/lib/cmake/MNV4/aarch64-linux-gnu.cmake).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
if(NOT MNV4_AARCH64_SYSROOT)
  set(MNV4_AARCH64_SYSROOT /usr/aarch64-linux-gnu)
endif()
if(NOT EXISTS ${MNV4_AARCH64_SYSROOT}/include/stdio.h OR
   NOT EXISTS /usr/lib/gcc-cross/aarch64-linux-gnu/12/libgcc.a)
  message(FATAL_ERROR "cross-compiling for aarch64 needs Debian's aarch64 "
    "libc in ${MNV4_AARCH64_SYSROOT}: apt-get install libc6-dev-arm64-cross "
    "libgcc-12-dev-arm64-cross")
endif()
set(CMAKE_C_COMPILER clang-22)
set(CMAKE_CXX_COMPILER clang++-22)
set(CMAKE_C_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_CXX_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld -static")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -cpu max)
set(CMAKE_FIND_ROOT_PATH ${MNV4_AARCH64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
