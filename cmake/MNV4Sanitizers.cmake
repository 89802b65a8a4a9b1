# Sanitizer and fuzzing builds (docs/reliability.md). Both are opt-in; the
# default build is unchanged.
#   MNV4_SANITIZE=ON  every target with AddressSanitizer and UBSan; any report
#                     aborts the process, so a test that expects an error exit
#                     still fails on it.
#   MNV4_FUZZ=ON      MNV4_SANITIZE plus libFuzzer coverage on every target and
#                     the fuzz targets of test/fuzz.
option(MNV4_SANITIZE "build with AddressSanitizer and UBSan" OFF)
option(MNV4_FUZZ "build the libFuzzer targets (implies MNV4_SANITIZE)" OFF)
if(MNV4_FUZZ)
  set(MNV4_SANITIZE ON)
endif()

if(MNV4_SANITIZE)
  set(_mnv4_sanitizers address,undefined)
  if(MNV4_FUZZ)
    set(_mnv4_sanitizers ${_mnv4_sanitizers},fuzzer-no-link)
  endif()
  # -O1 (after the build type's -O3): the usual sanitizer setting; it
  # compiles much faster and the suite runs nearly as fast.
  add_compile_options(-fsanitize=${_mnv4_sanitizers}
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer
    -gline-tables-only -O1)
  add_link_options(-fsanitize=address,undefined)
endif()
