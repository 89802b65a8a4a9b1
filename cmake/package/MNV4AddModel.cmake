# mnv4_add_model(<target> MODEL <zoo name | path.onnx | .mlir | .mlirbc>
#                [RESOLUTION R] [SEED S] [ARCH x86_64|aarch64] [CPU name]
#                [THREADS ON|OFF] [NAME prefix]
#                [QUANTIZE int8 [CALIBRATION dir]])
#
# Runs mnv4-compile at build time and makes <target> a static library of the
# model's object, with its header <NAME>.h on the include path and the mnv4
# runtime linked (docs/build-time-codegen.md). The model is compiled again only
# when the model file, these options or mnv4-compile change. Every argument is
# checked at configure time; an error names the argument.

# The mnv4 --target of a CMAKE_SYSTEM_PROCESSOR, or "" when there is none.
function(_mnv4_arch_of_processor processor out)
  string(TOLOWER "${processor}" _p)
  if(_p MATCHES "^(x86_64|amd64)$")
    set(${out} x86_64 PARENT_SCOPE)
  elseif(_p MATCHES "^(aarch64|arm64)$")
    set(${out} aarch64 PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

function(mnv4_add_model target)
  set(_where "mnv4_add_model(${target})")
  cmake_parse_arguments(PARSE_ARGV 1 ARG ""
    "MODEL;RESOLUTION;SEED;ARCH;CPU;THREADS;NAME;QUANTIZE;CALIBRATION" "")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${_where}: unexpected arguments "
      "'${ARG_UNPARSED_ARGUMENTS}': expected MODEL, RESOLUTION, SEED, ARCH, "
      "CPU, THREADS, NAME, QUANTIZE, CALIBRATION")
  endif()
  foreach(_kw ${ARG_KEYWORDS_MISSING_VALUES})
    message(FATAL_ERROR "${_where}: ${_kw} needs a value")
  endforeach()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "${_where}: MODEL is required: a zoo name "
      "(mnv4-compile --list-models) or a .onnx, .mlir or .mlirbc file")
  endif()

  # MODEL: a file (relative to this CMakeLists.txt) or a zoo name.
  set(_depends "${MNV4_COMPILE_EXECUTABLE}")
  if(ARG_MODEL MATCHES "\\.(onnx|mlir|mlirbc)$")
    get_filename_component(_model "${ARG_MODEL}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${_model}" OR IS_DIRECTORY "${_model}")
      message(FATAL_ERROR "${_where}: MODEL file '${_model}' does not exist")
    endif()
    list(APPEND _depends "${_model}")
    get_filename_component(_default_name "${_model}" NAME_WE)
  else()
    if(NOT DEFINED MNV4_ZOO_MODELS)
      execute_process(COMMAND "${MNV4_COMPILE_EXECUTABLE}" --list-models
        OUTPUT_VARIABLE _zoo RESULT_VARIABLE _rc
        OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "${_where}: '${MNV4_COMPILE_EXECUTABLE} "
          "--list-models' failed (${_rc})")
      endif()
      string(REGEX REPLACE "\n" ";" _zoo "${_zoo}")
      set(MNV4_ZOO_MODELS "${_zoo}" CACHE INTERNAL "the zoo of mnv4-compile")
    endif()
    if(NOT ARG_MODEL IN_LIST MNV4_ZOO_MODELS)
      string(REPLACE ";" ", " _zoo "${MNV4_ZOO_MODELS}")
      message(FATAL_ERROR "${_where}: MODEL '${ARG_MODEL}' is neither a zoo "
        "model (${_zoo}) nor a .onnx, .mlir or .mlirbc file")
    endif()
    set(_model "${ARG_MODEL}")
    set(_default_name "${ARG_MODEL}")
  endif()

  set(_args "${_model}" --emit=obj)
  foreach(_option "RESOLUTION;resolution;^[1-9][0-9]*$;a positive integer"
                  "SEED;seed;^[0-9]+$;a non-negative integer")
    list(GET _option 0 _kw)
    list(GET _option 1 _flag)
    list(GET _option 2 _pattern)
    list(GET _option 3 _what)
    if(DEFINED ARG_${_kw})
      if(NOT ARG_${_kw} MATCHES "${_pattern}")
        message(FATAL_ERROR "${_where}: ${_kw} '${ARG_${_kw}}' is not ${_what}")
      endif()
      list(APPEND _args --${_flag}=${ARG_${_kw}})
    endif()
  endforeach()

  # QUANTIZE int8: TFLite-scheme post-training quantization at build time,
  # calibrated on CALIBRATION's .bin tensors or images (relative to this
  # CMakeLists.txt; a changed file compiles again) or on seeded N(0,1)
  # inputs; the object computes what the int8 reference engine computes.
  if(DEFINED ARG_QUANTIZE)
    if(NOT ARG_QUANTIZE STREQUAL "int8")
      message(FATAL_ERROR "${_where}: QUANTIZE '${ARG_QUANTIZE}' is not "
        "int8")
    endif()
    list(APPEND _args --quantize=int8 --quiet)
  endif()
  if(DEFINED ARG_CALIBRATION)
    if(NOT DEFINED ARG_QUANTIZE)
      message(FATAL_ERROR "${_where}: CALIBRATION needs QUANTIZE int8")
    endif()
    get_filename_component(_calibration "${ARG_CALIBRATION}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT IS_DIRECTORY "${_calibration}")
      message(FATAL_ERROR "${_where}: CALIBRATION directory "
        "'${_calibration}' does not exist")
    endif()
    list(APPEND _args --calibration=${_calibration})
    file(GLOB _calibration_files CONFIGURE_DEPENDS "${_calibration}/*")
    list(APPEND _depends ${_calibration_files})
  endif()

  # ARCH: given, or the toolchain's (a cross build for aarch64 picks aarch64).
  if(DEFINED ARG_ARCH)
    if(NOT ARG_ARCH MATCHES "^(x86_64|aarch64)$")
      message(FATAL_ERROR "${_where}: unknown ARCH '${ARG_ARCH}': expected "
        "x86_64 or aarch64")
    endif()
    set(_arch ${ARG_ARCH})
  else()
    _mnv4_arch_of_processor("${CMAKE_SYSTEM_PROCESSOR}" _arch)
    if(NOT _arch)
      message(FATAL_ERROR "${_where}: this build's processor "
        "'${CMAKE_SYSTEM_PROCESSOR}' is neither x86_64 nor aarch64: pass ARCH")
    endif()
  endif()
  if(NOT TARGET MNV4::Runtime_${_arch})
    message(FATAL_ERROR "${_where}: the mnv4 install at ${MNV4_PREFIX} has "
      "no runtime for ARCH ${_arch}")
  endif()

  # CPU: any LLVM CPU of the architecture; checked by mnv4-compile now.
  if(DEFINED ARG_CPU)
    set(_cpu "${ARG_CPU}")
  elseif(_arch STREQUAL "x86_64")
    set(_cpu x86-64-v3)
  else()
    set(_cpu generic)
  endif()
  execute_process(COMMAND "${MNV4_COMPILE_EXECUTABLE}" --print-target
    --target=${_arch} --cpu=${_cpu}
    OUTPUT_QUIET ERROR_VARIABLE _error RESULT_VARIABLE _rc
    ERROR_STRIP_TRAILING_WHITESPACE)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${_where}: CPU '${_cpu}' for ARCH ${_arch}: "
      "${_error}")
  endif()
  list(APPEND _args --target=${_arch} --cpu=${_cpu})

  if(NOT DEFINED ARG_THREADS)
    set(ARG_THREADS ON)
  endif()
  if(NOT ARG_THREADS MATCHES "^(ON|OFF)$")
    message(FATAL_ERROR "${_where}: THREADS '${ARG_THREADS}' is not ON or "
      "OFF")
  endif()

  if(DEFINED ARG_NAME)
    set(_name "${ARG_NAME}")
  else()
    string(MAKE_C_IDENTIFIER "${_default_name}" _name)
  endif()
  if(NOT _name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "${_where}: NAME '${_name}' is not a C identifier")
  endif()
  list(APPEND _args --name=${_name})

  set(_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.mnv4")
  set(_object "${_dir}/${_name}.o")
  set(_header "${_dir}/${_name}.h")
  # The options as a file that changes only when they do: Makefiles do not
  # re-run a command whose command line changed, so it depends on this.
  string(REPLACE ";" "\n" _options "${_args}\nTHREADS=${ARG_THREADS}\n")
  file(CONFIGURE OUTPUT "${_dir}/options.txt" CONTENT "${_options}" @ONLY)
  list(APPEND _depends "${_dir}/options.txt")

  add_custom_command(OUTPUT "${_object}" "${_header}"
    COMMAND "${MNV4_COMPILE_EXECUTABLE}" ${_args} -o "${_object}"
    DEPENDS ${_depends}
    COMMENT "mnv4-compile ${ARG_MODEL} for ${_arch} (${_cpu}) -> ${_name}.o"
    VERBATIM)
  set_source_files_properties("${_object}" PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)
  add_library(${target} STATIC "${_object}" "${_header}")
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  target_include_directories(${target} INTERFACE "${_dir}")
  string(TOUPPER "${_name}" _upper)
  if(ARG_THREADS)
    target_compile_definitions(${target} INTERFACE ${_upper}_THREADS=1)
  else()
    target_compile_definitions(${target} INTERFACE ${_upper}_THREADS=0)
  endif()
  target_link_libraries(${target} INTERFACE MNV4::Runtime_${_arch})
endfunction()
