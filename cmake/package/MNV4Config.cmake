# find_package(MNV4): the installed mnv4 compiler, its runtime and
# mnv4_add_model() (docs/build-time-codegen.md). Relocatable: every path is
# relative to this file, <prefix>/lib/cmake/MNV4.
get_filename_component(MNV4_PREFIX "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(MNV4_COMPILE_EXECUTABLE "${MNV4_PREFIX}/bin/mnv4-compile")
set(MNV4_RUN_EXECUTABLE "${MNV4_PREFIX}/bin/mnv4-run")
if(NOT EXISTS "${MNV4_COMPILE_EXECUTABLE}")
  set(MNV4_FOUND FALSE)
  set(MNV4_NOT_FOUND_MESSAGE "${MNV4_COMPILE_EXECUTABLE} is missing")
  return()
endif()

find_package(Threads REQUIRED)

# One imported runtime per architecture the install has; MNV4::Runtime is the
# one of the architecture this project builds for.
foreach(_mnv4_arch x86_64 aarch64)
  set(_mnv4_lib "${MNV4_PREFIX}/lib/${_mnv4_arch}-linux-gnu/libMNV4Runtime.a")
  if(EXISTS "${_mnv4_lib}" AND NOT TARGET MNV4::Runtime_${_mnv4_arch})
    add_library(MNV4::Runtime_${_mnv4_arch} STATIC IMPORTED)
    set_target_properties(MNV4::Runtime_${_mnv4_arch} PROPERTIES
      IMPORTED_LOCATION "${_mnv4_lib}"
      INTERFACE_INCLUDE_DIRECTORIES "${MNV4_PREFIX}/include/mnv4"
      INTERFACE_LINK_LIBRARIES "Threads::Threads;m")
  endif()
endforeach()

include("${CMAKE_CURRENT_LIST_DIR}/MNV4AddModel.cmake")
_mnv4_arch_of_processor("${CMAKE_SYSTEM_PROCESSOR}" MNV4_DEFAULT_ARCH)
if(MNV4_DEFAULT_ARCH AND TARGET MNV4::Runtime_${MNV4_DEFAULT_ARCH}
   AND NOT TARGET MNV4::Runtime)
  add_library(MNV4::Runtime INTERFACE IMPORTED)
  set_target_properties(MNV4::Runtime PROPERTIES
    INTERFACE_LINK_LIBRARIES MNV4::Runtime_${MNV4_DEFAULT_ARCH})
endif()
set(MNV4_FOUND TRUE)
